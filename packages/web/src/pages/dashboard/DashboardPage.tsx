import HotelIcon from '@mui/icons-material/HotelOutlined';
import LoginIcon from '@mui/icons-material/Login';
import LogoutIcon from '@mui/icons-material/Logout';
import PersonalInjuryIcon from '@mui/icons-material/PersonalInjuryOutlined';
import StethoscopeIcon from '@mui/icons-material/MedicalServicesOutlined';
import TimelapseIcon from '@mui/icons-material/TimelapseOutlined';
import { Alert, Box, Card, CardContent, LinearProgress, MenuItem, TextField, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { Gauge } from '@mui/x-charts/Gauge';
import { LineChart } from '@mui/x-charts/LineChart';
import { PieChart } from '@mui/x-charts/PieChart';
import { keepPreviousData, skipToken } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useSettings } from '../../app/settings-context.tsx';
import { useAuth } from '../../auth/auth-context.tsx';
import { LiveChip } from '../../components/entity-list/LiveChip.tsx';
import { feedOptions, useFeedInput, useThrottledCallback } from '../../components/entity-list/live.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/use-t.ts';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { DISTINCT_COLORS, bucketFor, bucketize } from './buckets.ts';
import { ChartWithFigures, type Figures } from './ChartFigures.tsx';
import { KpiCard } from './KpiCard.tsx';

const RANGES = [7, 30, 90, 365] as const;
type TRange = (typeof RANGES)[number];

/** Whole days, today included; fixed when chosen so the query key stays put between renders. */
const rangeOf = (days: TRange) => ({
  days,
  from: dayjs()
    .startOf('day')
    .subtract(days - 1, 'day')
    .toDate(),
  to: dayjs().endOf('day').toDate(),
});
const percent = (share: number) => `${Math.round(share * 100)} %`;

function ChartCard({
  title,
  children,
  testId,
  figures,
}: {
  title: string;
  children: ReactNode;
  testId: string;
  /** The chart's numbers, read by screen readers (and shown on request) instead of the drawing. */
  figures?: Figures;
}) {
  return (
    <Card sx={{ height: '100%' }} data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
          {title}
        </Typography>
        {figures ? (
          <ChartWithFigures title={title} figures={figures}>
            {children}
          </ChartWithFigures>
        ) : (
          children
        )}
      </CardContent>
    </Card>
  );
}

/** Occupancy, stays and flows over a period, refreshed as admissions change. */
export default function DashboardPage() {
  const { t } = useT('dashboard');
  const { can } = useAuth();
  const { language } = useSettings();
  const [range, setRange] = useState(() => rangeOf(30));
  const stats = trpc.dashboard.stats.useQuery(
    { from: range.from, to: range.to },
    { placeholderData: keepPreviousData },
  );
  const utils = trpc.useUtils();
  const refresh = useThrottledCallback(() => void utils.dashboard.invalidate(), 1000);
  const feed = useFeedInput('admission');
  const live = trpc.admission.onChange.useSubscription(
    can('admission.read') ? feed : skipToken,
    feedOptions('admission', refresh),
  );
  const data = stats.data;
  // Long ranges are summed per week or per month, so the line stays readable.
  const bucket = bucketFor(range.days);
  const series = bucketize(data?.perDay ?? [], bucket);
  const peak = Math.max(0, ...series.map((day) => Math.max(day.admissions, day.discharges)));
  const pointLabel = (value: string) => dayjs(value).format(bucket === 'month' ? 'MMM YYYY' : 'D MMM');
  const count = (value: number) => value.toLocaleString(language);
  const decimal = (value: number) =>
    value.toLocaleString(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <>
            {can('admission.read') && <LiveChip status={live.status} />}
            <TextField
              select
              size="small"
              label={t('range.label')}
              value={range.days}
              onChange={(event) => setRange(rangeOf(Number(event.target.value) as TRange))}
              sx={{ minWidth: 180 }}
              data-testid="dashboard-range"
            >
              {RANGES.map((days) => (
                <MenuItem key={days} value={days}>
                  {t(`range.days_${days}`)}
                </MenuItem>
              ))}
            </TextField>
          </>
        }
      />
      {stats.isFetching && <LinearProgress sx={{ mb: 2 }} aria-label={t('common:loading')} />}
      {stats.error && !data && (
        <Alert severity="error">
          {t('loadFailed')} {describeError(stats.error)}
        </Alert>
      )}
      {data && (
        <>
          <Box
            role="list"
            aria-label={t('a11y:dashboard.kpis')}
            sx={{
              display: 'grid',
              gap: 2,
              mb: 2,
              gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', lg: 'repeat(4, 1fr)' },
            }}
          >
            <KpiCard
              testId="kpi-occupancy"
              label={t('kpis.occupancy')}
              value={percent(data.occupancy.rate)}
              detail={t('kpis.occupancyDetail', {
                occupied: data.occupancy.occupiedBeds,
                inService: data.occupancy.bedsInService,
              })}
              icon={
                <Gauge
                  value={Math.round(data.occupancy.rate * 100)}
                  valueMax={100}
                  width={44}
                  height={44}
                  text=""
                  innerRadius="68%"
                  aria-hidden
                />
              }
              {...(can('room.read') ? { to: '/board' } : {})}
            >
              <Typography variant="caption" color="text.secondary" component="div">
                {t('kpis.beds', { cleaning: data.occupancy.cleaning, outOfService: data.occupancy.outOfService })}
              </Typography>
            </KpiCard>
            <KpiCard
              testId="kpi-stay"
              label={t('kpis.averageStay')}
              value={
                data.averageLengthOfStayDays === null
                  ? '—'
                  : t('kpis.averageStayValue', { days: decimal(data.averageLengthOfStayDays) })
              }
              detail={
                data.dischargesInRange
                  ? t('kpis.averageStayDetail', { count: data.dischargesInRange })
                  : t('kpis.noDischarges')
              }
              icon={<TimelapseIcon />}
            />
            <KpiCard
              testId="kpi-admissions"
              label={t('kpis.admissions')}
              value={count(data.admissionsInRange)}
              detail={t('kpis.admissionsDetail', {
                urgent: percent(data.urgentShare),
                surgical: percent(data.surgicalShare),
              })}
              icon={<LoginIcon />}
              {...(can('admission.read') ? { to: '/admissions' } : {})}
            />
            <KpiCard
              testId="kpi-discharges"
              label={t('kpis.discharges')}
              value={count(data.dischargesInRange)}
              icon={<LogoutIcon />}
            />
          </Box>
          <Box
            role="list"
            aria-label={t('a11y:dashboard.kpis')}
            sx={{ display: 'grid', gap: 2, mb: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(3, 1fr)' } }}
          >
            <KpiCard
              testId="kpi-active"
              label={t('kpis.activeAdmissions')}
              value={count(data.activeAdmissions)}
              icon={<HotelIcon />}
              {...(can('admission.read') ? { to: '/admissions' } : {})}
            />
            <KpiCard
              testId="kpi-patients"
              label={t('kpis.patients')}
              value={count(data.activePatients)}
              icon={<PersonalInjuryIcon />}
              {...(can('patient.read') ? { to: '/patients' } : {})}
            />
            <KpiCard
              testId="kpi-staff"
              label={t('kpis.staff')}
              value={count(data.activeStaff)}
              icon={<StethoscopeIcon />}
              {...(can('medicalStaff.read') ? { to: '/medical-staff' } : {})}
            />
          </Box>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '2fr 1fr' } }}>
            <ChartCard
              title={t(bucket === 'day' ? 'charts.perDay' : bucket === 'week' ? 'charts.perWeek' : 'charts.perMonth')}
              testId="chart-per-day"
              figures={{
                columns: [t('a11y:dashboard.period'), t('charts.admissions'), t('charts.discharges')],
                rows: series.map((day) => [pointLabel(day.date), day.admissions, day.discharges]),
              }}
            >
              <LineChart
                height={280}
                data-bucket={bucket}
                data-points={series.length}
                xAxis={[
                  {
                    scaleType: 'point',
                    data: series.map((day) => day.date),
                    valueFormatter: (value: string, context) =>
                      context.location === 'tooltip' && bucket === 'week'
                        ? t('charts.weekOf', { date: pointLabel(value) })
                        : pointLabel(value),
                  },
                ]}
                series={[
                  {
                    data: series.map((day) => day.admissions),
                    label: t('charts.admissions'),
                    color: '#0b6e99',
                    showMark: series.length <= 31,
                  },
                  {
                    data: series.map((day) => day.discharges),
                    label: t('charts.discharges'),
                    color: '#7b4fc9',
                    showMark: series.length <= 31,
                  },
                ]}
                // Whole numbers, and an axis from 0 to 1 when the period is empty (not a collapsed 0…0).
                yAxis={[
                  {
                    tickMinStep: 1,
                    min: 0,
                    ...(peak === 0 ? { max: 1 } : {}),
                    valueFormatter: (value: number) => String(Math.round(value)),
                  },
                ]}
              />
            </ChartCard>
            <ChartCard
              title={t('charts.bySpecialty')}
              testId="chart-by-specialty"
              {...(data.activeBySpecialty.length
                ? {
                    figures: {
                      columns: [t('a11y:dashboard.specialty'), t('charts.patients')],
                      rows: data.activeBySpecialty.map((group) => [
                        group.name ?? t('charts.noSpecialty'),
                        count(group.count),
                      ]),
                    },
                  }
                : {})}
            >
              {data.activeBySpecialty.length ? (
                <PieChart
                  // The legend below the ring, so the ring gets the card's whole width.
                  height={260 + Math.ceil(data.activeBySpecialty.length / 2) * 24}
                  colors={[...DISTINCT_COLORS]}
                  slotProps={{
                    legend: { direction: 'horizontal', position: { vertical: 'bottom', horizontal: 'center' } },
                  }}
                  series={[
                    {
                      data: data.activeBySpecialty.map((group, index) => ({
                        id: group.id ?? `none-${index}`,
                        value: group.count,
                        // The count in the legend too: values readable without hovering.
                        label: `${group.name ?? t('charts.noSpecialty')} · ${count(group.count)}`,
                      })),
                      innerRadius: '55%',
                      // Values on the slices wide enough to hold them, not only on hover.
                      arcLabel: 'value',
                      arcLabelMinAngle: 20,
                      paddingAngle: 2,
                      cornerRadius: 4,
                    },
                  ]}
                />
              ) : (
                <Typography color="text.secondary">{t('charts.empty')}</Typography>
              )}
            </ChartCard>
            <Box sx={{ gridColumn: { lg: '1 / -1' } }}>
              <ChartCard
                title={t('charts.byDepartment')}
                testId="chart-by-department"
                {...(data.activeByDepartment.length
                  ? {
                      figures: {
                        columns: [t('a11y:dashboard.ward'), t('charts.patients')],
                        rows: data.activeByDepartment.map((group) => [
                          group.name ?? t('charts.noDepartment'),
                          count(group.count),
                        ]),
                      },
                    }
                  : {})}
              >
                {data.activeByDepartment.length ? (
                  <BarChart
                    height={Math.max(160, data.activeByDepartment.length * 44 + 60)}
                    layout="horizontal"
                    yAxis={[
                      {
                        scaleType: 'band',
                        data: data.activeByDepartment.map((group) => group.name ?? t('charts.noDepartment')),
                        width: 140,
                      },
                    ]}
                    series={[
                      {
                        data: data.activeByDepartment.map((group) => group.count),
                        label: t('charts.patients'),
                        color: '#0b6e99',
                      },
                    ]}
                    xAxis={[{ tickMinStep: 1 }]}
                  />
                ) : (
                  <Typography color="text.secondary">{t('charts.empty')}</Typography>
                )}
              </ChartCard>
            </Box>
          </Box>
        </>
      )}
    </>
  );
}
