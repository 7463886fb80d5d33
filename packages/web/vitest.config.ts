import { defineConfig } from 'vitest/config';

// Unit tests of plain modules (no DOM); the browser suite in e2e/ runs under Playwright.
export default defineConfig({ test: { environment: 'node', include: ['src/**/*.test.ts'] } });
