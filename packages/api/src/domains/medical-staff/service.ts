import {
  type TMedicalStaff,
  type ZEligibleUsersInput,
  type ZMedicalStaffCreateInput,
  type ZMedicalStaffListInput,
} from '@mas/shared';
import type { z } from 'zod';
import { checkedRef, namesById } from '../../crud/query.ts';
import { createCrudService } from '../../crud/service.ts';
import { oid, op, stamps } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { Department } from '../departments/model.ts';
import { changeNotifier } from '../notifications/service.ts';
import { assertEligibleUser, eligibleUsers, usersById, wholeYears } from '../people.ts';
import { referencesTo } from '../../core/references.ts';
import { staffKeys } from '../search-keys.ts';
import { Specialty } from '../specialties/model.ts';
import { User } from '../users/model.ts';
import { MedicalStaff, type MedicalStaffDoc } from './model.ts';

type StaffCreate = z.infer<typeof ZMedicalStaffCreateInput>;
type StaffList = z.infer<typeof ZMedicalStaffListInput>;

async function toStaffDtos(docs: MedicalStaffDoc[]): Promise<TMedicalStaff[]> {
  const [users, specialties, departments] = await Promise.all([
    usersById(docs.map((doc) => doc.userId)),
    namesById(
      Specialty,
      docs.map((doc) => doc.specialtyId),
    ),
    namesById(
      Department,
      docs.map((doc) => doc.departmentId),
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
      specialtyId: String(doc.specialtyId),
      specialtyName: specialties.get(String(doc.specialtyId)) ?? '',
      departmentId: String(doc.departmentId),
      departmentName: departments.get(String(doc.departmentId)) ?? '',
      graduatedAt: doc.graduatedAt,
      experienceYears: wholeYears(doc.graduatedAt, now),
      isActive: doc.isActive,
    };
  });
}

async function toStaffFields(
  input: Partial<StaffCreate>,
  existing?: MedicalStaffDoc,
): Promise<Partial<MedicalStaffDoc>> {
  const fields: Partial<MedicalStaffDoc> = {};
  if (existing && input.userId !== undefined && input.userId !== String(existing.userId)) {
    throw new AppError('staff.userFixed', {}, { userId: 'field.cannotChange' });
  }
  if (!existing) {
    if (!input.userId) throw new AppError('staff.chooseUser', {}, { userId: 'field.required' });
    await assertEligibleUser(input.userId, 'Medical Staff');
    fields.userId = oid(input.userId);
  }
  if (input.specialtyId !== undefined)
    fields.specialtyId = await checkedRef(Specialty, input.specialtyId, {
      field: 'specialtyId',
      entity: 'specialty',
      current: existing?.specialtyId,
    });
  if (input.departmentId !== undefined) {
    fields.departmentId = await checkedRef(Department, input.departmentId, {
      field: 'departmentId',
      entity: 'department',
      current: existing?.departmentId,
    });
  }
  if (input.graduatedAt !== undefined) fields.graduatedAt = input.graduatedAt;
  const [keys] = await staffKeys([
    {
      userId: fields.userId ?? existing!.userId,
      specialtyId: fields.specialtyId ?? existing!.specialtyId,
      departmentId: fields.departmentId ?? existing!.departmentId,
    },
  ]);
  if (keys) Object.assign(fields, keys);
  return fields;
}

async function staffLabel(doc: MedicalStaffDoc): Promise<string> {
  const user = await User.findById(doc.userId, { username: 1 }).lean();
  return user?.username ?? String(doc._id);
}

const crud = createCrudService<MedicalStaffDoc, TMedicalStaff, StaffCreate, StaffList>({
  entity: 'medicalStaff',
  keepCounts: true,
  model: MedicalStaff,
  toDtos: toStaffDtos,
  toFields: toStaffFields,
  searchFields: ['searchText'],
  sortPaths: { name: 'sortName' },
  defaultSort: { sortName: 1, _id: 1 },
  filter: (query) => ({
    ...(query.specialtyId ? { specialtyId: oid(query.specialtyId) } : {}),
    ...(query.departmentId ? { departmentId: oid(query.departmentId) } : {}),
  }),
  label: staffLabel,
  redactFields: ['sortName'],
  references: referencesTo('medicalStaff'),
  unique: { field: 'userId', error: 'staff.userHasRecord' },
  afterChange: changeNotifier<MedicalStaffDoc>('medicalStaff', 'medicalStaff.read', staffLabel),
});

export const medicalStaffService = {
  ...crud,

  eligibleUsers(input: z.infer<typeof ZEligibleUsersInput>) {
    return eligibleUsers(
      'Medical Staff',
      async (ids) =>
        new Set(
          (await MedicalStaff.find({ userId: op({ $in: ids }) }, { userId: 1 }).lean()).map((doc) =>
            String(doc.userId),
          ),
        ),
      input,
    );
  },
};
