import type { TPatient } from '@mas/shared';
import type { Patient } from '@medplum/fhirtypes';
import {
  MAS_SYSTEM,
  PATIENT_DISABILITY_EXTENSION,
  concept,
  fhirDate,
  humanName,
  isObjectId,
  metaOf,
} from '../mapping.ts';
import { notFound } from '../outcome.ts';
import { dateRanges, token } from '../params.ts';
import type { ResourceModule } from '../types.ts';

/** A MAS patient record (with its linked account's name and e-mail) as an R4 Patient. */
export function toPatient(patient: TPatient): Patient {
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: metaOf(patient),
    identifier: [{ use: 'usual', system: MAS_SYSTEM.username, value: patient.username }],
    active: patient.isActive,
    name: humanName(patient),
    ...(patient.email ? { telecom: [{ system: 'email' as const, value: patient.email }] } : {}),
    birthDate: fhirDate(patient.birthDate),
    ...(patient.disabilities.length
      ? {
          extension: patient.disabilities.map((disability) => ({
            url: PATIENT_DISABILITY_EXTENSION,
            valueCodeableConcept: concept(MAS_SYSTEM.disability, disability.id, disability.name),
          })),
        }
      : {}),
  };
}

export const patientModule: ResourceModule<Patient> = {
  type: 'Patient',
  documentation: 'Patients (the patient record and its linked user account). Reads are audited.',
  patientCompartment: true,
  searchParams: [
    { name: 'name', type: 'string', documentation: 'Part of the name (also matches username and e-mail)' },
    { name: 'birthdate', type: 'date', documentation: 'Date of birth; prefixes eq, ge, gt, le, lt' },
    { name: 'identifier', type: 'token', documentation: `The username, as ${MAS_SYSTEM.username}|<username>` },
  ],

  async read(caller, id) {
    if (!isObjectId(id)) throw notFound('Patient', id);
    return toPatient(await caller.patient.get({ id }));
  },

  async search(caller, request) {
    const identifier = token(request, 'identifier');
    const name = request.params.get('name')?.join(' ');
    const born = dateRanges('birthdate', request.params.get('birthdate'));
    if (identifier) {
      // Usernames are unique: the one record with that account, or none.
      if (identifier.system && identifier.system !== MAS_SYSTEM.username) return { resources: [], total: 0 };
      const page = await caller.patient.list({
        search: identifier.value,
        perPage: 100,
        ...(born.from ? { bornFrom: born.from } : {}),
        ...(born.before ? { bornBefore: born.before } : {}),
      });
      const found = page.items.filter((item) => item.username === identifier.value);
      const resources = request.page === 1 ? found.map(toPatient) : [];
      return { resources, total: found.length };
    }
    const page = await caller.patient.list({
      page: request.page,
      perPage: request.count,
      ...(name ? { search: name.slice(0, 100) } : {}),
      ...(born.from ? { bornFrom: born.from } : {}),
      ...(born.before ? { bornBefore: born.before } : {}),
    });
    return { resources: page.items.map(toPatient), total: page.total };
  },
};
