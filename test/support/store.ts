/** Set-up steps the store tests share, on a migrated empty database (databasePerTest). */
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import type { Db } from '../../src/db/connect.js';
import { findUnitByCode, syncClusterConfig } from '../../src/store/clusters.js';
import { upsertPerson } from '../../src/store/people.js';
import { openPeriods } from '../../src/store/periods.js';
import { findOrStartDraft } from '../../src/store/reports.js';
import { FIXTURE_CONFIG } from './harness.js';

/**
 * The example cluster synced, and the draft of Hưng Yên (HYN) for the first period open at
 * `now`, started by its contact Lan (Telegram id 201): their ids.
 */
export async function startHungYenDraft(
  db: Db,
  now: Date,
): Promise<{ clusterId: number; hyn: number; lan: number; periodId: number; reportId: number }> {
  const { clusterId } = await syncClusterConfig(db, await loadClusterConfig(FIXTURE_CONFIG), 'test');
  const hyn = (await findUnitByCode(db, clusterId, 'HYN'))!.id;
  const lan = (await upsertPerson(db, { id: 201, first_name: 'Lan' })).id;
  const { period } = (await openPeriods(db, clusterId, now))[0]!;
  const report = await findOrStartDraft(db, {
    clusterId,
    periodId: period.id,
    unitId: hyn,
    templateId: period.template_id,
    personId: lan,
    now,
  });
  return { clusterId, hyn, lan, periodId: period.id, reportId: report.id };
}
