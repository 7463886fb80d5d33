import { QueryClientProvider } from '@tanstack/react-query';
import { SnackbarProvider } from 'notistack';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppThemeProvider } from './app/AppThemeProvider.tsx';
import { queryClient } from './app/query-client.ts';
import { AppRoutes } from './app/AppRoutes.tsx';
import { SettingsProvider } from './app/settings-context.tsx';
import { AuthProvider } from './auth/auth-context.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { initI18n } from './i18n/index.ts';
import { trpc, trpcClient } from './lib/trpc.ts';

await initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <SettingsProvider>
          <AppThemeProvider>
            <SnackbarProvider
              maxSnack={4}
              autoHideDuration={4000}
              anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
            >
              <ErrorBoundary standalone>
                <AuthProvider>
                  <BrowserRouter>
                    <AppRoutes />
                  </BrowserRouter>
                </AuthProvider>
              </ErrorBoundary>
            </SnackbarProvider>
          </AppThemeProvider>
        </SettingsProvider>
      </QueryClientProvider>
    </trpc.Provider>
  </StrictMode>,
);
