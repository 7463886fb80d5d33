import type { TPermission } from '@mas/shared';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { GuestOnly, RequireAuth, RequirePermission } from '../auth/guards.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { FullPageLoader } from '../components/FullPageLoader.tsx';
import { AppLayout } from '../layout/AppLayout.tsx';
import ErrorPage from '../pages/errors/ErrorPage.tsx';

// Each screen is its own chunk: the first load carries the shell only.
const SignInPage = lazy(() => import('../pages/auth/SignInPage.tsx'));
const HomePage = lazy(() => import('../pages/home/HomePage.tsx'));
const CataloguePage = lazy(() => import('../pages/catalogues/CataloguePage.tsx'));
const RoomsPage = lazy(() => import('../pages/rooms/RoomsPage.tsx'));
const RolesPage = lazy(() => import('../pages/roles/RolesPage.tsx'));
const UsersPage = lazy(() => import('../pages/users/UsersPage.tsx'));
const AuditPage = lazy(() => import('../pages/audit/AuditPage.tsx'));
const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage.tsx'));
const BoardPage = lazy(() => import('../pages/board/BoardPage.tsx'));
const AdmissionsPage = lazy(() => import('../pages/admissions/AdmissionsPage.tsx'));
const AppointmentsPage = lazy(() => import('../pages/appointments/AppointmentsPage.tsx'));
const PatientsPage = lazy(() => import('../pages/patients/PatientsPage.tsx'));
const StaffPage = lazy(() => import('../pages/staff/StaffPage.tsx'));

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
          <Route
            index
            element={
              <Screen>
                <HomePage />
              </Screen>
            }
          />
          <Route
            path="dashboard"
            element={
              <Screen permission="dashboard.read">
                <DashboardPage />
              </Screen>
            }
          />
          <Route
            path="board"
            element={
              <Screen permission="room.read">
                <BoardPage />
              </Screen>
            }
          />
          <Route
            path="admissions"
            element={
              <Screen permission="admission.read">
                <AdmissionsPage />
              </Screen>
            }
          />
          <Route
            path="appointments"
            element={
              <Screen permission="appointment.read">
                <AppointmentsPage />
              </Screen>
            }
          />
          <Route
            path="patients"
            element={
              <Screen permission="patient.read">
                <PatientsPage />
              </Screen>
            }
          />
          <Route
            path="medical-staff"
            element={
              <Screen permission="medicalStaff.read">
                <StaffPage />
              </Screen>
            }
          />
          <Route
            path="specialties"
            element={
              <Screen permission="specialty.read">
                <CataloguePage entity="specialty" key="specialty" />
              </Screen>
            }
          />
          <Route
            path="departments"
            element={
              <Screen permission="department.read">
                <CataloguePage entity="department" key="department" />
              </Screen>
            }
          />
          <Route
            path="disabilities"
            element={
              <Screen permission="disability.read">
                <CataloguePage entity="disability" key="disability" />
              </Screen>
            }
          />
          <Route
            path="diagnoses"
            element={
              <Screen permission="diagnosis.read">
                <CataloguePage entity="diagnosis" key="diagnosis" />
              </Screen>
            }
          />
          <Route
            path="rooms"
            element={
              <Screen permission="room.read">
                <RoomsPage />
              </Screen>
            }
          />
          <Route
            path="roles"
            element={
              <Screen permission="role.read">
                <RolesPage />
              </Screen>
            }
          />
          <Route
            path="users"
            element={
              <Screen permission="user.read">
                <UsersPage />
              </Screen>
            }
          />
          <Route
            path="audit"
            element={
              <Screen permission="audit.read">
                <AuditPage />
              </Screen>
            }
          />
          <Route path="403" element={<ErrorPage kind="forbidden" />} />
          <Route path="404" element={<ErrorPage kind="notFound" />} />
          <Route path="500" element={<ErrorPage kind="server" />} />
          <Route path="*" element={<ErrorPage kind="notFound" />} />
        </Route>
      </Route>
    </Routes>
  );
}
