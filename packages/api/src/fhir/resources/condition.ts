import type { TAdmission } from '@mas/shared';
import type { Condition } from '@medplum/fhirtypes';
import { MAS_SYSTEM, concept, isObjectId, reference } from '../mapping.ts';
import { badRequest, notFound, unlessMissing } from '../outcome.ts';
import { referenceId } from '../params.ts';
import type { ResourceModule } from '../types.ts';
import { admissionFilters, conditionId, eachAdmissionBatch, eachAdmissionPage } from './encounter.ts';

const CATEGORY = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/condition-category',
      code: 'encounter-diagnosis',
      display: 'Encounter Diagnosis',
    },
  ],
};
const ID = /^([a-f0-9]{24})-([a-f0-9]{24})$/;
/** A patient's conditions are gathered from at most this many of their admissions. */
const MAX_ADMISSIONS_PER_PATIENT = 1000;

/** The diagnoses of an admission, each as an encounter-diagnosis Condition. */
export function toConditions(admission: TAdmission): Condition[] {
  return admission.diagnoses.map((diagnosis) => ({
    resourceType: 'Condition',
    id: conditionId(admission.id, diagnosis.id),
    meta: { versionId: String(admission.version), lastUpdated: admission.updatedAt.toISOString() },
    category: [CATEGORY],
    code: concept(MAS_SYSTEM.diagnosis, diagnosis.id, diagnosis.name),
    subject: reference('Patient', admission.patientId, admission.patientName),
    encounter: reference('Encounter', admission.id),
    recordedDate: admission.admittedAt.toISOString(),
  }));
}

export const conditionModule: ResourceModule<Condition> = {
  type: 'Condition',
  documentation:
    'The diagnoses of an admission (category encounter-diagnosis); id "<admissionId>-<diagnosisId>". Reads are audited as reads of the admission.',
  patientCompartment: true,
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id> (this or encounter is required)' },
    { name: 'encounter', type: 'reference', documentation: 'Encounter/<id>' },
  ],
  async read(caller, id) {
    const match = ID.exec(id);
    if (!match) throw notFound('Condition', id);
    const admission = await caller.admission.get({ id: match[1]! });
    const condition = toConditions(admission).find((item) => item.id === id);
    if (!condition) throw notFound('Condition', id);
    return condition;
  },
  async search(caller, request) {
    const encounter = referenceId(request, 'encounter', 'Encounter');
    const patient = referenceId(request, 'patient', 'Patient');
    if (encounter === undefined && patient === undefined) {
      throw badRequest('Condition search needs patient or encounter');
    }
    let conditions: Condition[] = [];
    if (encounter !== undefined) {
      const admission = isObjectId(encounter) ? await unlessMissing(caller.admission.get({ id: encounter })) : null;
      if (admission && (patient === undefined || admission.patientId === patient)) conditions = toConditions(admission);
    } else {
      const filters = admissionFilters(patient, undefined, {});
      if (filters) {
        await eachAdmissionPage(
          caller,
          filters,
          (items) => void conditions.push(...items.flatMap(toConditions)),
          MAX_ADMISSIONS_PER_PATIENT / 100,
        );
      }
    }
    const start = (request.page - 1) * request.count;
    return { resources: conditions.slice(start, start + request.count), total: conditions.length };
  },
  async exportAll(context, emit) {
    await eachAdmissionBatch(context, (items) => emit(items.flatMap(toConditions)));
  },
};
