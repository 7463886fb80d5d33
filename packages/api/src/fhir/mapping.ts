import type { CodeableConcept, Meta, Reference, Resource, ResourceType } from '@medplum/fhirtypes';

/** Code systems of MAS's own catalogues (their ids are the codes). */
export const MAS_SYSTEM = {
  username: 'urn:mas:username',
  disability: 'urn:mas:disability',
  diagnosis: 'urn:mas:diagnosis',
  specialty: 'urn:mas:specialty',
} as const;

export const PATIENT_DISABILITY_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/patient-disability';

/** meta from the stored stamps: versionId is the optimistic-concurrency version. */
export const metaOf = (item: { updatedAt: Date; version: number }): Meta => ({
  versionId: String(item.version),
  lastUpdated: item.updatedAt.toISOString(),
});

/** A calendar date (YYYY-MM-DD) from a date stored at UTC midnight. */
export const fhirDate = (date: Date) => date.toISOString().slice(0, 10);

/** A relative reference ("Patient/<id>"); assignable wherever a reference to that type is expected. */
export const reference = <T extends Resource = never>(
  type: ResourceType,
  id: string,
  display?: string | null,
): Reference<T> => ({
  reference: `${type}/${id}`,
  ...(display ? { display } : {}),
});

export const concept = (system: string, code: string, display: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
  ...(display ? { text: display } : {}),
});

/** A FHIR id that could name a MAS record (an ObjectId's hex). */
export const isObjectId = (id: string) => /^[a-f0-9]{24}$/.test(id);

export const humanName = (person: { firstName: string; lastName: string }) => [
  {
    use: 'official' as const,
    text: `${person.firstName} ${person.lastName}`.trim(),
    ...(person.lastName ? { family: person.lastName } : {}),
    ...(person.firstName ? { given: [person.firstName] } : {}),
  },
];
