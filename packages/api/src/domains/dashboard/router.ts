import { ZDashboardStats, ZDashboardStatsInput } from '@mas/shared';
import { permissionProcedure, router } from '../../trpc.ts';
import { dashboardStats } from './service.ts';

export const dashboardRouter = router({
  stats: permissionProcedure('dashboard.read')
    .input(ZDashboardStatsInput)
    .output(ZDashboardStats)
    .query(({ ctx, input }) => dashboardStats(ctx.deps, input)),
});
