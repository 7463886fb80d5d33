import type { ResourceModule } from './types.ts';
import { appointmentModule } from './resources/appointment.ts';
import { conditionModule } from './resources/condition.ts';
import { encounterModule } from './resources/encounter.ts';
import { locationModule } from './resources/location.ts';
import { organizationModule } from './resources/organization.ts';
import { patientModule } from './resources/patient.ts';
import { practitionerModule, practitionerRoleModule } from './resources/practitioner.ts';
import { scheduleModule } from './resources/schedule.ts';
import { slotModule } from './resources/slot.ts';

/**
 * Every resource type the FHIR API serves, each one mapping module. The routes, the
 * CapabilityStatement and the bulk export all read this list: a new type is one
 * module file and one line here.
 */
export const RESOURCE_MODULES: readonly ResourceModule[] = [
  patientModule,
  practitionerModule,
  practitionerRoleModule,
  organizationModule,
  locationModule,
  encounterModule,
  conditionModule,
  appointmentModule,
  scheduleModule,
  slotModule,
] as ResourceModule[];

export const moduleOf = (type: string) => RESOURCE_MODULES.find((module) => module.type === type);
