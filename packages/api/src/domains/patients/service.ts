import {
  NONE_DISABILITY_KEY,
  type TPatient,
  type ZEligibleUsersInput,
  type ZPatientCreateInput,
  type ZPatientListInput,
} from '@mas/shared';
import type { Types } from 'mongoose';
import type { z } from 'zod';
import { checkedRefs, namesById } from '../../crud/query.ts';
import { findByIds } from '../../db/by-id.ts';
import { createCrudService } from '../../crud/service.ts';
import type { Call } from '../../core/call.ts';
import { oid, op, stamps } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { Admission } from '../admissions/model.ts';
import { recordAudit } from '../../core/audit.ts';
import { recordListRead } from '../audit/service.ts';
import { Disability } from '../disabilities/model.ts';
import { changeNotifier } from '../notifications/service.ts';
import { assertEligibleUser, eligibleUsers, personName, usersById, wholeYears } from '../people.ts';
import { referencesTo } from '../../core/references.ts';
import { patientKeys } from '../search-keys.ts';
import { User } from '../users/model.ts';
import { Patient, type PatientDoc } from './model.ts';

type PatientCreate = z.infer<typeof ZPatientCreateInput>;
type PatientList = z.infer<typeof ZPatientListInput>;

async function toPatientDtos(docs: PatientDoc[]): Promise<TPatient[]> {
  const [users, disabilities] = await Promise.all([
    usersById(docs.map((doc) => doc.userId)),
    namesById(
      Disability,
      docs.flatMap((doc) => doc.disabilityIds),
    ),
  ]);
  const now = new Date();
  return docs.map((doc) => {
    const user = users.get(String(doc.userId));
    return {
      ...stamps(doc),
      userId: String(doc.userId),
      username: user?.username ?? '',
      firstName: user?.firstName ?? '',
      lastName: user?.lastName ?? '',
      email: user?.email ?? '',
      birthDate: doc.birthDate,
      age: wholeYears(doc.birthDate, now),
      disabilityIds: doc.disabilityIds.map(String),
      disabilities: doc.disabilityIds.map((id) => ({ id: String(id), name: disabilities.get(String(id)) ?? '' })),
      isActive: doc.isActive,
    };
  });
}

/** Disabilities must exist, newly chosen ones must be active, and "None" stands alone. */
async function checkedDisabilities(ids: string[], existing?: PatientDoc): Promise<Types.ObjectId[]> {
  const unique = [...new Set(ids)];
  const found = await checkedRefs(Disability, unique, {
    field: 'disabilityIds',
    records: 'disability',
    kept: existing?.disabilityIds ?? [],
    projection: { name: 1, nameKey: 1, isActive: 1 },
  });
  if (unique.length > 1 && unique.some((id) => found.get(id)?.nameKey === NONE_DISABILITY_KEY)) {
    throw new AppError('patient.noneAlone', {}, { disabilityIds: 'patient.noneAlone' });
  }
  return unique.map(oid);
}

async function toPatientFields(input: Partial<PatientCreate>, existing?: PatientDoc): Promise<Partial<PatientDoc>> {
  const fields: Partial<PatientDoc> = {};
  if (existing && input.userId !== undefined && input.userId !== String(existing.userId)) {
    throw new AppError('patient.userFixed', {}, { userId: 'field.cannotChange' });
  }
  if (!existing) {
    if (!input.userId) throw new AppError('patient.chooseUser', {}, { userId: 'field.required' });
    await assertEligibleUser(input.userId, 'Patient');
    fields.userId = oid(input.userId);
  }
  if (input.birthDate !== undefined) fields.birthDate = input.birthDate;
  if (input.disabilityIds !== undefined)
    fields.disabilityIds = await checkedDisabilities(input.disabilityIds, existing);
  // Search and sort keys follow the linked account and the chosen disabilities.
  const [keys] = await patientKeys([
    { userId: fields.userId ?? existing!.userId, disabilityIds: fields.disabilityIds ?? existing?.disabilityIds ?? [] },
  ]);
  if (keys) Object.assign(fields, keys);
  return fields;
}

/** A non-clinical label: the account's username. */
async function patientLabel(doc: PatientDoc): Promise<string> {
  const user = await User.findById(doc.userId, { username: 1 }).lean();
  return user?.username ?? String(doc._id);
}

const crud = createCrudService<PatientDoc, TPatient, PatientCreate, PatientList>({
  entity: 'patient',
  keepCounts: true,
  model: Patient,
  toDtos: toPatientDtos,
  toFields: toPatientFields,
  searchFields: ['searchText'],
  sortPaths: { name: 'sortName' },
  defaultSort: { sortName: 1, _id: 1 },
  filter: (query) => ({
    ...(query.disabilityId ? { disabilityIds: oid(query.disabilityId) } : {}),
    ...(query.bornFrom || query.bornBefore
      ? {
          birthDate: op({
            ...(query.bornFrom ? { $gte: query.bornFrom } : {}),
            ...(query.bornBefore ? { $lt: query.bornBefore } : {}),
          }),
        }
      : {}),
  }),
  label: patientLabel,
  redactFields: ['birthDate', 'sortName'],
  references: referencesTo('patient'),
  unique: { field: 'userId', error: 'patient.userHasRecord' },
  afterChange: changeNotifier<PatientDoc>('patient', 'patient.read', patientLabel),
});

export const patientService = {
  ...crud,

  /** A page of patients is a read of each one on it: audited as one entry naming them. */
  async list(query: PatientList, call?: Call) {
    const page = await crud.list(query, call);
    if (call)
      await recordListRead(
        call.deps,
        call.actor,
        'patient',
        page.items.map((item) => item.id),
      );
    return page;
  },

  /** Every read of one patient's record is audited (who, when, which record). */
  async get(id: string, call: Call): Promise<TPatient> {
    const dto = await crud.get(id, call);
    await recordAudit(call.deps, call.actor, { action: 'read', entity: 'patient', entityId: id, label: dto.username });
    return dto;
  },

  /** A patient in a bed is discharged before the record is retired. */
  async setActive(call: Call, input: { id: string; isActive: boolean }) {
    if (!input.isActive) {
      if (await Admission.exists({ patientId: oid(input.id), status: 'active' })) {
        throw new AppError('patient.hasAdmission', {});
      }
    }
    return crud.setActive(call, input);
  },

  eligibleUsers(input: z.infer<typeof ZEligibleUsersInput>) {
    return eligibleUsers(
      'Patient',
      async (ids) =>
        new Set(
          (await Patient.find({ userId: op({ $in: ids }) }, { userId: 1 }).lean()).map((doc) => String(doc.userId)),
        ),
      input,
    );
  },
};

/** Display names ("First Last") of patients: their records, then their accounts, by `_id` point lookups. */
export async function patientNames(ids: Array<Types.ObjectId | string>): Promise<Map<string, string>> {
  const patients = await findByIds(Patient, ids, { userId: 1 });
  const users = await usersById(patients.map((patient) => patient.userId));
  return new Map(
    patients.map((patient) => {
      const user = users.get(String(patient.userId));
      return [String(patient._id), user ? personName(user) : 'an unknown patient'];
    }),
  );
}
