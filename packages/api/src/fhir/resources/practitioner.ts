import type { TMedicalStaff } from '@mas/shared';
import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { MAS_SYSTEM, concept, fhirDate, humanName, isObjectId, metaOf, reference } from '../mapping.ts';
import { notFound, unlessMissing } from '../outcome.ts';
import { referenceId, token } from '../params.ts';
import type { ResourceModule } from '../types.ts';

/** A medical staff member as an R4 Practitioner: who they are and their degree. */
export function toPractitioner(staff: TMedicalStaff): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: staff.id,
    meta: metaOf(staff),
    identifier: [{ use: 'usual', system: MAS_SYSTEM.username, value: staff.username }],
    active: staff.isActive,
    name: humanName(staff),
    ...(staff.email ? { telecom: [{ system: 'email' as const, value: staff.email }] } : {}),
    qualification: [{ code: { text: 'Medical degree' }, period: { start: fhirDate(staff.graduatedAt) } }],
  };
}

/** The same staff member's role: their specialty in their department (one per member in MAS). */
export function toPractitionerRole(staff: TMedicalStaff): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: staff.id,
    meta: metaOf(staff),
    active: staff.isActive,
    practitioner: reference('Practitioner', staff.id, `${staff.firstName} ${staff.lastName}`.trim()),
    organization: reference('Organization', staff.departmentId, staff.departmentName),
    specialty: [concept(MAS_SYSTEM.specialty, staff.specialtyId, staff.specialtyName)],
  };
}

export const practitionerModule: ResourceModule<Practitioner> = {
  type: 'Practitioner',
  documentation: 'Medical staff members.',
  patientCompartment: false,
  searchParams: [
    { name: 'name', type: 'string', documentation: 'Part of the name (also matches username and e-mail)' },
    { name: 'identifier', type: 'token', documentation: `The username, as ${MAS_SYSTEM.username}|<username>` },
  ],
  async read(caller, id) {
    if (!isObjectId(id)) throw notFound('Practitioner', id);
    return toPractitioner(await caller.medicalStaff.get({ id }));
  },
  async search(caller, request) {
    const identifier = token(request, 'identifier');
    if (identifier) {
      if (identifier.system && identifier.system !== MAS_SYSTEM.username) return { resources: [], total: 0 };
      const page = await caller.medicalStaff.list({ search: identifier.value, perPage: 100 });
      const found = page.items.filter((item) => item.username === identifier.value);
      return { resources: request.page === 1 ? found.map(toPractitioner) : [], total: found.length };
    }
    const name = request.params.get('name')?.join(' ');
    const page = await caller.medicalStaff.list({
      page: request.page,
      perPage: request.count,
      ...(name ? { search: name.slice(0, 100) } : {}),
    });
    return { resources: page.items.map(toPractitioner), total: page.total };
  },
};

export const practitionerRoleModule: ResourceModule<PractitionerRole> = {
  type: 'PractitionerRole',
  documentation: "A staff member's specialty in their department (one role per staff member; same id).",
  patientCompartment: false,
  searchParams: [
    { name: 'practitioner', type: 'reference', documentation: 'Practitioner/<id>' },
    { name: 'organization', type: 'reference', documentation: 'Organization/<id> (the department)' },
  ],
  async read(caller, id) {
    if (!isObjectId(id)) throw notFound('PractitionerRole', id);
    return toPractitionerRole(await caller.medicalStaff.get({ id }));
  },
  async search(caller, request) {
    const practitioner = referenceId(request, 'practitioner', 'Practitioner');
    const organization = referenceId(request, 'organization', 'Organization');
    if (practitioner !== undefined) {
      if (!isObjectId(practitioner) || request.page > 1) return { resources: [], total: 0 };
      const staff = await unlessMissing(caller.medicalStaff.get({ id: practitioner }));
      const matches = staff && (!organization || staff.departmentId === organization) ? [staff] : [];
      return { resources: matches.map(toPractitionerRole), total: matches.length };
    }
    if (organization !== undefined && !isObjectId(organization)) return { resources: [], total: 0 };
    const page = await caller.medicalStaff.list({
      page: request.page,
      perPage: request.count,
      ...(organization ? { departmentId: organization } : {}),
    });
    return { resources: page.items.map(toPractitionerRole), total: page.total };
  },
};
