import type { Organization } from '@medplum/fhirtypes';
import type { z } from 'zod';
import type { ZCatalogueItem } from '@mas/shared';
import { isObjectId, metaOf } from '../mapping.ts';
import { notFound } from '../outcome.ts';
import type { ResourceModule } from '../types.ts';

type Department = z.infer<typeof ZCatalogueItem>;

const DEPARTMENT_TYPE = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'dept', display: 'Hospital Department' },
  ],
};

/** A department as an R4 Organization of type "dept". */
export function toOrganization(department: Department): Organization {
  return {
    resourceType: 'Organization',
    id: department.id,
    meta: metaOf(department),
    active: department.isActive,
    type: [DEPARTMENT_TYPE],
    name: department.name,
  };
}

export const organizationModule: ResourceModule<Organization> = {
  type: 'Organization',
  documentation: 'Departments of the hospital (type dept).',
  patientCompartment: false,
  searchParams: [{ name: 'name', type: 'string', documentation: 'Part of the name' }],
  async read(caller, id) {
    if (!isObjectId(id)) throw notFound('Organization', id);
    return toOrganization(await caller.department.get({ id }));
  },
  async search(caller, request) {
    const name = request.params.get('name')?.join(' ');
    const page = await caller.department.list({
      page: request.page,
      perPage: request.count,
      ...(name ? { search: name.slice(0, 100) } : {}),
    });
    return { resources: page.items.map(toOrganization), total: page.total };
  },
};
