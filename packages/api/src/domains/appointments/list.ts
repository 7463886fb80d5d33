import {
  APPOINTMENT_STATUSES,
  type TAppointment,
  type TAppointmentStatus,
  type ZAppointmentListInput,
} from '@mas/shared';
import type { SortOrder } from 'mongoose';
import type { z } from 'zod';
import type { Call } from '../../core/call.ts';
import { escapeRegex, normalizeKey, oid, op } from '../../db/schema.ts';
import { toAppointmentDtos } from './dto.ts';
import { Appointment, VISIBLE } from './model.ts';
import { scopeOf } from './service.ts';

type ListInput = z.infer<typeof ZAppointmentListInput>;

const SORT_PATHS: Record<string, string> = {
  start: 'start',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  patientName: 'patientSort',
  medicalStaffName: 'staffSort',
};

type Counts = Record<'all' | TAppointmentStatus, number>;

/**
 * One page of appointments (starting within [from, to)), with counts per status tab from one
 * `$group` with `$sum`. A patient lists only their own, whatever filter they send.
 */
export async function listAppointments(call: Call, input: ListInput) {
  const scope = await scopeOf(call.user);
  const filter: Record<string, unknown> = { status: op({ $in: [...VISIBLE] }) };
  if (scope.kind === 'patient') {
    if (!scope.patientId || (input.patientId && input.patientId !== scope.patientId)) return empty(input);
    filter.patientId = oid(scope.patientId);
  } else if (input.patientId) filter.patientId = oid(input.patientId);
  if (input.medicalStaffId) filter.medicalStaffId = oid(input.medicalStaffId);
  if (input.specialtyId) filter.specialtyId = oid(input.specialtyId);
  if (input.from || input.to) {
    filter.start = op({
      ...(input.from ? { $gte: input.from } : {}),
      ...(input.to ? { $lt: input.to } : {}),
    });
  }
  if (input.search) filter.searchText = op({ $regex: escapeRegex(normalizeKey(input.search)), $options: 'i' });

  const paged = input.status === 'all' ? filter : { ...filter, status: input.status };
  const sortPath = SORT_PATHS[input.sort?.field ?? 'start'] ?? 'start';
  const direction: SortOrder = input.sort?.direction === 'desc' ? -1 : 1;
  const [docs, grouped] = await Promise.all([
    Appointment.find(paged)
      .sort({ [sortPath]: direction, _id: direction })
      .skip((input.page - 1) * input.perPage)
      .limit(input.perPage)
      .lean(),
    Appointment.aggregate<{ _id: string; n: number }>([
      { $match: filter },
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]),
  ]);
  const counts = Object.fromEntries([['all', 0], ...APPOINTMENT_STATUSES.map((status) => [status, 0])]) as Counts;
  for (const row of grouped) {
    if (row._id in counts) {
      counts[row._id as TAppointmentStatus] = row.n;
      counts.all += row.n;
    }
  }
  const items: TAppointment[] = await toAppointmentDtos(docs);
  return { items, total: counts[input.status], page: input.page, perPage: input.perPage, counts };
}

function empty(input: ListInput) {
  const counts = Object.fromEntries([['all', 0], ...APPOINTMENT_STATUSES.map((status) => [status, 0])]) as Counts;
  return { items: [] as TAppointment[], total: 0, page: input.page, perPage: input.perPage, counts };
}
