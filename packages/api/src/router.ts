import type { TEntity } from '@mas/shared';
import type { AnyRouter } from '@trpc/server';
import { admissionRouter } from './domains/admissions/router.ts';
import { appointmentRouter } from './domains/appointments/router.ts';
import { scheduleRouter } from './domains/appointments/schedule-router.ts';
import { auditRouter } from './domains/audit/router.ts';
import { authRouter } from './domains/auth/router.ts';
import { backupRouter } from './domains/backup/router.ts';
import { genericCatalogueRouters } from './domains/catalogues.ts';
import { departmentRouter } from './domains/departments/router.ts';
import { diagnosisRouter } from './domains/diagnoses/router.ts';
import { disabilityRouter } from './domains/disabilities/router.ts';
import { dashboardRouter } from './domains/dashboard/router.ts';
import { healthRouter } from './domains/health/router.ts';
import { medicalStaffRouter } from './domains/medical-staff/router.ts';
import { notificationRouter } from './domains/notifications/router.ts';
import { patientRouter } from './domains/patients/router.ts';
import { roleRouter } from './domains/roles/router.ts';
import { roomRouter } from './domains/rooms/router.ts';
import { specialtyRouter } from './domains/specialties/router.ts';
import { userRouter } from './domains/users/router.ts';
import { router } from './trpc.ts';

/** One router per entity of @mas/shared, under the entity's key (a missing one fails the type-check). */
const entityRouters = {
  user: userRouter,
  role: roleRouter,
  specialty: specialtyRouter,
  department: departmentRouter,
  room: roomRouter,
  disability: disabilityRouter,
  diagnosis: diagnosisRouter,
  ...genericCatalogueRouters,
  patient: patientRouter,
  medicalStaff: medicalStaffRouter,
  admission: admissionRouter,
  appointment: appointmentRouter,
} satisfies Record<TEntity, AnyRouter>;

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  ...entityRouters,
  schedule: scheduleRouter,
  notification: notificationRouter,
  audit: auditRouter,
  dashboard: dashboardRouter,
  backup: backupRouter,
});

export type AppRouter = typeof appRouter;
