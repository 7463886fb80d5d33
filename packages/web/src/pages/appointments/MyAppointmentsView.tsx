import type { TAppointment, TFreeSlot } from '@mas/shared';
import { Alert, LinearProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { LiveChip } from '../../components/entity-list/LiveChip.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';
import { BookDialog, type TBookTarget } from './BookDialog.tsx';
import { useLiveAppointments } from './data.ts';
import { FreeSlotList } from './FreeSlotList.tsx';
import { useApptT } from './i18n.ts';
import { CancelDialog } from './MoveDialogs.tsx';
import { AppointmentSections } from './PatientAppointmentsDialog.tsx';

/**
 * A Patient-role user's page: their own appointments (the server scopes the list to them), cancel
 * where the notice period allows, and booking by specialty from the next free times, for themselves.
 */
export default function MyAppointmentsView() {
  const { t } = useApptT();
  const [params, setParams] = useSearchParams();
  const specialtyId = params.get('specialty') ?? '';
  const specialties = useCatalogueOptions('specialty');
  const liveStatus = useLiveAppointments();
  const [booking, setBooking] = useState<TBookTarget | null>(null);
  const [cancelling, setCancelling] = useState<TAppointment | null>(null);
  const query = trpc.appointment.list.useQuery({
    page: 1,
    perPage: 100,
    status: 'all',
    sort: { field: 'start', direction: 'desc' },
  });
  const items = query.data?.items ?? [];

  const chooseSpecialty = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set('specialty', value);
        else next.delete('specialty');
        return next;
      },
      { replace: true },
    );
  const choose = (slot: TFreeSlot) =>
    setBooking({
      medicalStaffId: slot.medicalStaffId,
      staffName: slot.medicalStaffName,
      start: slot.start,
      durationMinutes: Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000),
    });

  return (
    <>
      <PageHeader title={t('mine.title')} subtitle={t('mine.subtitle')} actions={<LiveChip status={liveStatus} />} />
      <Stack spacing={4} sx={{ maxWidth: 720 }}>
        <Stack component="section" spacing={2} aria-labelledby="my-appointments-heading">
          <Typography id="my-appointments-heading" component="h2" variant="h6">
            {t('mine.listTitle')}
          </Typography>
          {query.isPending && <LinearProgress aria-label={t('mine.listTitle')} />}
          {query.isError && <Alert severity="error">{describeError(query.error)}</Alert>}
          {query.isSuccess && items.length === 0 && <Alert severity="info">{t('patient.empty')}</Alert>}
          <AppointmentSections items={items} onCancel={setCancelling} />
        </Stack>
        <Stack component="section" spacing={2} aria-labelledby="book-heading">
          <Typography id="book-heading" component="h2" variant="h6">
            {t('mine.bookTitle')}
          </Typography>
          <Typography color="text.secondary">{t('mine.bookIntro')}</Typography>
          <TextField
            select
            size="small"
            label={t('filters.specialty')}
            value={specialtyId}
            onChange={(event) => chooseSpecialty(event.target.value)}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            sx={{ maxWidth: { sm: 320 } }}
            data-testid="my-specialty"
          >
            <MenuItem value="" disabled>
              {t('mine.chooseSpecialty')}
            </MenuItem>
            {specialties.options.map((option) => (
              <MenuItem key={option.id} value={option.id}>
                {option.name}
              </MenuItem>
            ))}
          </TextField>
          {specialtyId ? (
            <FreeSlotList key={specialtyId} specialtyId={specialtyId} label={t('slots.label')} onChoose={choose} />
          ) : (
            <Alert severity="info">{t('mine.chooseSpecialty')}</Alert>
          )}
        </Stack>
      </Stack>
      {booking && (
        <BookDialog key={booking.start.getTime()} target={booking} forSelf onClose={() => setBooking(null)} />
      )}
      {cancelling && <CancelDialog appointment={cancelling} onClose={() => setCancelling(null)} />}
    </>
  );
}
