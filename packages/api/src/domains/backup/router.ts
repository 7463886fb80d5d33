import { permissionProcedure, router } from '../../trpc.ts';
import { actorOf } from '../../core/call.ts';
import { exportDatabase, ZBackupExport, ZBackupExportInput } from './service.ts';

export const backupRouter = router({
  // A mutation, not a query: it writes an audit entry, and mutations only come by
  // POST from an allowed Origin (a cross-site GET cannot trigger an export).
  export: permissionProcedure('backup.export')
    .input(ZBackupExportInput)
    .output(ZBackupExport)
    .mutation(({ ctx }) => exportDatabase(ctx.deps, actorOf(ctx.user, ctx.ip))),
});
