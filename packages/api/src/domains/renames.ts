import { publishChange } from '../realtime/changes.ts';
import type { AppDeps } from '../trpc.ts';
import { medicalStaffService } from './medical-staff/service.ts';
import { patientService } from './patients/service.ts';
import { refreshSearchKeys, type KeySource } from './search-keys.ts';

/**
 * After a name changed (an account's, or a catalogue entry's), brings the search
 * and sort keys that copy it up to date, in the background (a name can be copied
 * into thousands of admissions), and tells open patient and staff lists.
 */
export function followRename(deps: AppDeps, source: KeySource): Promise<void> {
  return refreshSearchKeys(deps, source)
    .then(async ({ patients, staff }) => {
      for (const [entity, service, ids] of [
        ['patient', patientService, patients],
        ['medicalStaff', medicalStaffService, staff],
      ] as const) {
        const items = ids.length ? await service.loadItems(ids) : new Map();
        for (const [id, item] of items) await publishChange(deps, entity, 'updated', id, item);
      }
    })
    .catch((error: Error) => deps.logger.error({ err: error.message }, 'search keys not brought up to date'));
}
