import type { AppDeps } from '../../trpc.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/call.ts';

/**
 * A list that returned patient data is a read of every record on it (HIPAA's "who saw this
 * record"): one entry per call, naming the ids returned; nothing returned, nothing read.
 */
export async function recordListRead(deps: AppDeps, actor: Actor, entity: string, ids: string[]) {
  if (ids.length === 0) return;
  await recordAudit(deps, actor, {
    action: 'list',
    entity,
    changes: [{ field: 'ids', from: null, to: [...new Set(ids)] }],
  });
}
