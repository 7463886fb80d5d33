import type { CapabilityStatement } from '@medplum/fhirtypes';
import { RESOURCE_MODULES } from './registry.ts';

/** Search parameters every search accepts (paging). */
export const COMMON_SEARCH_PARAMS = ['_count', '_page'] as const;

/** What this server does, derived from the registered modules (nothing listed that is not served). */
export function capabilityStatement(base: string, version: string, date: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString(),
    kind: 'instance',
    name: 'MAS_FHIR_R4',
    title: 'MAS FHIR R4 read API',
    software: { name: 'MAS', version },
    implementation: { description: 'MAS hospital admissions', url: base },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Read-only. Sign in through the API (auth.login with mode "token") and send "Authorization: Bearer <token>"; the same sessions and permissions as the MAS API. Paging: _count (max 100) and Bundle.link next/previous.',
        security: {
          cors: false,
          service: [
            {
              text: 'Bearer session token (Authorization: Bearer <token>) or the MAS session cookie',
            },
          ],
        },
        resource: RESOURCE_MODULES.map((module) => ({
          type: module.type,
          documentation: module.documentation,
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          ...(module.type === 'Patient'
            ? {
                operation: [
                  {
                    name: 'export',
                    definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
                  },
                ],
              }
            : {}),
          searchParam: module.searchParams.map((param) => ({
            name: param.name,
            type: param.type,
            documentation: param.documentation,
          })),
        })),
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
      },
    ],
  };
}
