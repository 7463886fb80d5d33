import type { TAdmission, TAdmissionListInput } from '@mas/shared';
import type { Encounter, EncounterLocation } from '@medplum/fhirtypes';
import { toAdmissionDtos } from '../../domains/admissions/dto.ts';
import { Admission, ROW_PROJECTION, type AdmissionRow } from '../../domains/admissions/model.ts';
import { actorOf } from '../../core/call.ts';
import { recordListRead } from '../../domains/audit/service.ts';
import { isObjectId, metaOf, reference } from '../mapping.ts';
import { FhirError, notFound } from '../outcome.ts';
import { dateRanges, referenceId } from '../params.ts';
import type { Caller, ExportContext, ResourceModule } from '../types.ts';
import { bedLocationId } from './location.ts';

/** A diagnosis of an admission as a Condition id: "<admissionId>-<diagnosisId>". */
export const conditionId = (admissionId: string, diagnosisId: string) => `${admissionId}-${diagnosisId}`;

const STATUS: Record<TAdmission['status'], Encounter['status']> = { active: 'in-progress', discharged: 'finished' };
const ADMISSION_STATUS: Partial<Record<string, TAdmission['status']>> = {
  'in-progress': 'active',
  finished: 'discharged',
};

/** The beds the patient lay in, in order: one entry per stay between admission, transfers and discharge. */
function locationHistory(admission: TAdmission): EncounterLocation[] {
  const stays: Array<{ roomId: string; roomName: string | null; bed: number; start: Date; end: Date | null }> = [];
  const first = admission.transfers[0];
  let current = first
    ? { roomId: first.fromRoomId, roomName: first.fromRoomName, bed: first.fromBed }
    : { roomId: admission.roomId, roomName: admission.roomName, bed: admission.bed };
  let start = admission.admittedAt;
  for (const transfer of admission.transfers) {
    stays.push({ ...current, start, end: transfer.at });
    current = { roomId: transfer.toRoomId, roomName: transfer.toRoomName, bed: transfer.toBed };
    start = transfer.at;
  }
  stays.push({ ...current, start, end: admission.dischargedAt });
  return stays.map((stay, index) => {
    const last = index === stays.length - 1;
    return {
      location: reference(
        'Location',
        bedLocationId(stay.roomId, stay.bed),
        stay.roomName ? `${stay.roomName}, bed ${stay.bed}` : null,
      ),
      status: last && admission.status === 'active' ? 'active' : 'completed',
      period: { start: stay.start.toISOString(), ...(stay.end ? { end: stay.end.toISOString() } : {}) },
    };
  });
}

/** An admission as an R4 inpatient Encounter. */
export function toEncounter(admission: TAdmission): Encounter {
  return {
    resourceType: 'Encounter',
    id: admission.id,
    meta: metaOf(admission),
    status: STATUS[admission.status],
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
    ...(admission.isUrgent
      ? {
          priority: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM', display: 'emergency' },
            ],
          },
        }
      : {}),
    subject: reference('Patient', admission.patientId, admission.patientName),
    participant: [
      {
        type: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'ATND',
                display: 'attender',
              },
            ],
          },
        ],
        individual: reference('Practitioner', admission.medicalStaffId, admission.medicalStaffName),
      },
    ],
    period: {
      start: admission.admittedAt.toISOString(),
      ...(admission.dischargedAt ? { end: admission.dischargedAt.toISOString() } : {}),
    },
    ...(admission.expectedDays
      ? { length: { value: admission.expectedDays, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } }
      : {}),
    reasonReference: admission.diagnoses.map((diagnosis) =>
      reference('Condition', conditionId(admission.id, diagnosis.id), diagnosis.name),
    ),
    diagnosis: admission.diagnoses.map((diagnosis, index) => ({
      condition: reference('Condition', conditionId(admission.id, diagnosis.id), diagnosis.name),
      use: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
            code: 'AD',
            display: 'Admission diagnosis',
          },
        ],
      },
      rank: index + 1,
    })),
    location: locationHistory(admission),
    ...(admission.departmentId
      ? { serviceProvider: reference('Organization', admission.departmentId, admission.departmentName) }
      : {}),
  };
}

/** The admissions list's filters from an Encounter or Condition search (patient, status, date of admission). */
export function admissionFilters(
  patientId: string | undefined,
  status: string | undefined,
  dates: { from?: Date; before?: Date },
): Partial<TAdmissionListInput> | null {
  if (patientId !== undefined && !isObjectId(patientId)) return null;
  let admissionStatus: TAdmission['status'] | 'all' = 'all';
  if (status !== undefined) {
    const statuses = new Set(status.split(',').map((value) => ADMISSION_STATUS[value]));
    if (statuses.has(undefined)) statuses.delete(undefined);
    if (statuses.size === 0) return null;
    if (statuses.size === 1) admissionStatus = [...statuses][0]!;
  }
  return {
    status: admissionStatus,
    ...(patientId ? { patientId } : {}),
    ...(dates.from ? { from: dates.from } : {}),
    // The list's "to" is inclusive: one millisecond before the exclusive end.
    ...(dates.before ? { to: new Date(dates.before.getTime() - 1) } : {}),
  };
}

/** Every admission matching the filters, page by page (bulk export, a patient's conditions). */
export async function eachAdmissionPage(
  caller: Caller,
  filters: Partial<TAdmissionListInput>,
  each: (items: TAdmission[]) => Promise<void> | void,
  maxPages = Infinity,
) {
  for (let page = 1; page <= maxPages; page++) {
    const answer = await caller.admission.list({
      ...filters,
      page,
      perPage: 100,
      sort: { field: 'admittedAt', direction: 'asc' },
    });
    if (answer.items.length) await each(answer.items);
    if (answer.items.length < 100) break;
  }
}

/** Admissions read in one pass for bulk export (each page of a list decodes the whole collection on FerretDB). */
const EXPORT_BATCH = 500;

/**
 * Every admission, in batches, read in one pass over the collection: the requester must hold
 * admission.read, and each batch is audited as a list read of those admissions, as a list call is.
 */
export async function eachAdmissionBatch(context: ExportContext, each: (items: TAdmission[]) => Promise<void>) {
  if (!context.user.permissions.includes('admission.read')) {
    throw new FhirError(403, 'forbidden', 'Exporting admissions needs the permission admission.read');
  }
  let batch: AdmissionRow[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const items = await toAdmissionDtos(batch);
    batch = [];
    await recordListRead(
      context.deps,
      actorOf(context.user, context.ip),
      'admission',
      items.map((item) => item.id),
    );
    await each(items);
  };
  for await (const doc of Admission.find({}, ROW_PROJECTION)
    .lean<AdmissionRow[]>()
    .cursor({ batchSize: EXPORT_BATCH })) {
    batch.push(doc as AdmissionRow);
    if (batch.length >= EXPORT_BATCH) await flush();
  }
  await flush();
}

export const encounterModule: ResourceModule<Encounter> = {
  type: 'Encounter',
  documentation:
    'Admissions as inpatient encounters (class IMP): status in-progress or finished, period, the bed history in location[], diagnoses in reasonReference and diagnosis[]. Reads are audited.',
  patientCompartment: true,
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'status', type: 'token', documentation: 'in-progress (admitted) or finished (discharged)' },
    { name: 'date', type: 'date', documentation: 'Date of admission (period.start); prefixes eq, ge, gt, le, lt' },
  ],
  async read(caller, id) {
    if (!isObjectId(id)) throw notFound('Encounter', id);
    return toEncounter(await caller.admission.get({ id }));
  },
  async search(caller, request) {
    const filters = admissionFilters(
      referenceId(request, 'patient', 'Patient'),
      request.params.get('status')?.join(','),
      dateRanges('date', request.params.get('date')),
    );
    if (!filters) return { resources: [], total: 0 };
    const page = await caller.admission.list({
      ...filters,
      page: request.page,
      perPage: request.count,
      sort: { field: 'admittedAt', direction: 'desc' },
    });
    return { resources: page.items.map(toEncounter), total: page.total };
  },
  async exportAll(context, emit) {
    await eachAdmissionBatch(context, (items) => emit(items.map(toEncounter)));
  },
};
