import type { TEntity, TPermission } from '@mas/shared';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { GuestOnly, RequireAuth, RequirePermission } from '../auth/guards.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { FullPageLoader } from '../components/FullPageLoader.tsx';
import { AppLayout } from '../layout/AppLayout.tsx';
import ErrorPage from '../pages/errors/ErrorPage.tsx';
import { NAV_ITEMS, type TPageModule } from './entities.ts';

// Each screen is its own chunk: the first load carries the shell only.
const SignInPage = lazy(() => import('../pages/auth/SignInPage.tsx'));
/** The pages registry rows may name (sign-in and the error pages are the shell's own). */
const PAGES = import.meta.glob<{ default: ComponentType<{ entity?: TEntity }> }>([
  '../pages/*/*Page.tsx',
  '!../pages/auth/**',
  '!../pages/errors/**',
]);

/** The lazy screen of a registry row (`screen: 'catalogues/CataloguePage'` → its module). */
function lazyPage(screen: TPageModule) {
  const load = PAGES[`../pages/${screen}.tsx`];
  if (!load) throw new Error(`No page module src/pages/${screen}.tsx`);
  return lazy(load);
}

/** One lazy component per page module (the catalogues share one). */
const SCREENS = new Map(NAV_ITEMS.map((item) => [item.screen, lazyPage(item.screen)]));

/** A permission-gated screen inside its own error boundary (reset when the address changes). */
function Screen({ permission, children }: { permission?: TPermission; children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary key={pathname}>
      {permission ? <RequirePermission permission={permission}>{children}</RequirePermission> : children}
    </ErrorBoundary>
  );
}

function Suspended({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Page />
    </Suspense>
  );
}

/**
 * Declarative routes (react-router's data router would add ~15 KB gzipped to the first
 * load for loaders/actions this app does not use).
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<GuestOnly />}>
        <Route path="/sign-in" element={<Suspended page={SignInPage} />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route element={<AppLayout />}>
          {NAV_ITEMS.map((item) => {
            const Page = SCREENS.get(item.screen)!;
            const page = <Page entity={item.entity} key={item.id} />;
            return item.path === '/' ? (
              <Route key={item.id} index element={<Screen>{page}</Screen>} />
            ) : (
              <Route
                key={item.id}
                path={item.path.slice(1)}
                element={<Screen permission={item.permission}>{page}</Screen>}
              />
            );
          })}
          <Route path="403" element={<ErrorPage kind="forbidden" />} />
          <Route path="404" element={<ErrorPage kind="notFound" />} />
          <Route path="500" element={<ErrorPage kind="server" />} />
          <Route path="*" element={<ErrorPage kind="notFound" />} />
        </Route>
      </Route>
    </Routes>
  );
}
