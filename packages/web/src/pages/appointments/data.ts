import type { TAppointment } from '@mas/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useSnackbar } from 'notistack';
import { useCallback } from 'react';
import { useAnnounce } from '../../components/LiveAnnouncer.tsx';
import { feedOptions, useFeedInput, useThrottledCallback } from '../../components/entity-list/live.ts';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { useApptT } from './i18n.ts';
import { formatSlot } from './time.ts';

/** The most staff columns the day view shows side by side. */
export const MAX_COLUMNS = 8;

export interface TStaffColumn {
  id: string;
  name: string;
  specialtyId: string;
  specialtyName: string;
}

/** Active staff for the filters, as calendar columns (a chosen staff member alone). */
export function useStaffColumns(specialtyId: string, staffId: string) {
  const query = trpc.medicalStaff.list.useQuery(
    {
      page: 1,
      perPage: 100,
      status: 'active',
      sort: { field: 'name', direction: 'asc' },
      ...(specialtyId ? { specialtyId } : {}),
    },
    { staleTime: 60_000, placeholderData: keepPreviousData },
  );
  const all: TStaffColumn[] = (query.data?.items ?? []).map((staff) => ({
    id: staff.id,
    name: `${staff.firstName} ${staff.lastName}`,
    specialtyId: staff.specialtyId,
    specialtyName: staff.specialtyName,
  }));
  const chosen = staffId ? all.filter((staff) => staff.id === staffId) : all;
  return { all, chosen, loading: query.isPending, total: query.data?.total ?? 0 };
}

/** Each shown staff member's hours and blocks over the range. */
export function useSchedules(ids: readonly string[], from: Date, to: Date) {
  const queries = trpc.useQueries((t) =>
    ids.map((medicalStaffId) => t.schedule.get({ medicalStaffId, from, to }, { staleTime: 60_000 })),
  );
  return {
    schedules: queries.flatMap((query) => (query.data ? [query.data] : [])),
    loading: queries.some((query) => query.isPending),
  };
}

/** Appointments starting in [from, to) for the filters, earliest first (cancelled ones too: the list shows them). */
export function useAppointmentsInRange(
  from: Date,
  to: Date,
  filter: { specialtyId?: string; medicalStaffId?: string; patientId?: string },
) {
  return trpc.appointment.list.useQuery(
    { page: 1, perPage: 100, status: 'all', sort: { field: 'start', direction: 'asc' }, from, to, ...filter },
    { placeholderData: keepPreviousData },
  );
}

/**
 * Live: any appointment change (someone else's booking, a move, a check-in) refetches what is
 * on screen, once per burst, and is read out politely without moving focus.
 */
export function useLiveAppointments() {
  const { t } = useApptT();
  const utils = trpc.useUtils();
  const announce = useAnnounce();
  const refresh = useThrottledCallback(() => {
    void Promise.all([utils.appointment.invalidate(), utils.schedule.invalidate()]);
  }, 400);
  return trpc.appointment.onChange.useSubscription(
    useFeedInput('appointment'),
    feedOptions('appointment', (event: { id: string; item?: TAppointment }) => {
      refresh();
      const item = event.item;
      if (item) announce(t('live.changed', { patient: item.patientName, when: formatSlot(item.start) }));
    }),
  ).status;
}

/** Check-in, complete, cancel and move, each with its toast; failures read as the server's translated code. */
export function useAppointmentActions() {
  const { t } = useApptT();
  const { enqueueSnackbar } = useSnackbar();
  const utils = trpc.useUtils();
  const checkIn = trpc.appointment.checkIn.useMutation();
  const complete = trpc.appointment.complete.useMutation();
  const reschedule = trpc.appointment.reschedule.useMutation();
  const refresh = useCallback(() => void utils.appointment.invalidate(), [utils]);
  const fail = useCallback(
    (error: unknown) => enqueueSnackbar(describeError(error), { variant: 'error' }),
    [enqueueSnackbar],
  );

  return {
    pending: checkIn.isPending || complete.isPending || reschedule.isPending,
    async checkIn(appointment: TAppointment) {
      try {
        await checkIn.mutateAsync({ id: appointment.id });
        enqueueSnackbar(t('checkIn.done', { patient: appointment.patientName }), { variant: 'success' });
        refresh();
      } catch (error) {
        fail(error);
      }
    },
    async complete(appointment: TAppointment) {
      try {
        await complete.mutateAsync({ id: appointment.id });
        enqueueSnackbar(t('complete.done'), { variant: 'success' });
        refresh();
      } catch (error) {
        fail(error);
      }
    },
    /** Resolves true when moved; on failure the server's message shows and the caller rolls back. */
    async move(appointment: TAppointment, start: Date, durationMinutes?: number): Promise<boolean> {
      try {
        await reschedule.mutateAsync({
          id: appointment.id,
          start,
          version: appointment.version,
          ...(durationMinutes && durationMinutes !== appointment.durationMinutes ? { durationMinutes } : {}),
        });
        enqueueSnackbar(t('reschedule.done', { when: formatSlot(start) }), { variant: 'success' });
        refresh();
        return true;
      } catch (error) {
        enqueueSnackbar(`${describeError(error)} ${t('reschedule.rolledBack')}`, {
          variant: 'error',
          // The rollback message names what is in the way: let it stay until read.
          autoHideDuration: 8000,
        });
        refresh();
        return false;
      }
    },
  };
}
