import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.MAS_API_URL ?? 'http://127.0.0.1:4000';
// HTTP and WebSocket calls to /trpc (and /fhir, /api) go to the API, so the browser sees one origin.
const proxy = {
  '/trpc': { target: api, ws: true, changeOrigin: false },
  // FHIR R4 and the REST API with its docs (the account menu links them).
  '/fhir': { target: api, changeOrigin: false },
  '/api': { target: api, changeOrigin: false },
};

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
});
