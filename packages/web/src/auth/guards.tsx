import type { TPermission } from '@mas/shared';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { FullPageLoader } from '../components/FullPageLoader.tsx';
import ErrorPage from '../pages/errors/ErrorPage.tsx';
import { useAuth } from './auth-context.tsx';

const ForcePasswordChangePage = lazy(() => import('../pages/auth/ForcePasswordChangePage.tsx'));

/** Only same-site paths: a returnTo must never send the user to another origin. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/sign-in') ? value : '/';
}

/** Signed-in users only; a password that must change comes first. */
export function RequireAuth() {
  const { user, error, notice, retry } = useAuth();
  const location = useLocation();
  if (user === undefined) return error ? <ErrorPage kind="server" standalone onRetry={retry} /> : <FullPageLoader />;
  if (user === null) {
    const here = location.pathname + location.search;
    const query = notice === 'signedOut' || here === '/' ? '' : `?returnTo=${encodeURIComponent(here)}`;
    return <Navigate to={`/sign-in${query}`} replace />;
  }
  if (user.mustChangePassword) {
    return (
      <Suspense fallback={<FullPageLoader />}>
        <ForcePasswordChangePage />
      </Suspense>
    );
  }
  return <Outlet />;
}

/** The sign-in page is for signed-out visitors; others go where they were heading. */
export function GuestOnly() {
  const { user, error, retry } = useAuth();
  const [params] = useSearchParams();
  if (user === undefined) return error ? <ErrorPage kind="server" standalone onRetry={retry} /> : <FullPageLoader />;
  if (user) return <Navigate to={safeReturnTo(params.get('returnTo'))} replace />;
  return <Outlet />;
}

/** A screen the role may not open shows 403 (the server refuses the data anyway). */
export function RequirePermission({ permission, children }: { permission: TPermission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? children : <ErrorPage kind="forbidden" />;
}
