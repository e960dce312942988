import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { syncClusterConfig } from '../../src/store/clusters.js';
import { updateUnitTerms } from '../../src/store/overrides.js';
import { listSummaryPeriods, listSummaryUnits } from '../../src/store/summary.js';
import { FIXTURE_CONFIG } from '../support/harness.js';
import { fileReport, serviceFixture, type ServiceFixture } from '../support/services.js';

const configPath = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));

describe('summary store reads', () => {
  let f: ServiceFixture;
  beforeEach(async () => {
    f = await serviceFixture({ now: '2026-04-10T03:00:00Z', configPath });
  });
  afterEach(() => f.close());

  let nextTelegramId = 300;
  async function report(unit: string, month: string, values: Record<string, number | string>, submit: boolean) {
    const person = await f.member(nextTelegramId++, 'Người', unit);
    const at = new Date(`${month}-20T03:00:00Z`);
    const filed = await fileReport(f, { unit, month, values, personId: person.person.id, at, submit });
    return { ...filed, by: person.person.id };
  }

  it("reads each period's submitted numeric answers and the units' terms, within the range", async () => {
    const { period, schedule, by } = await report('HYN', '2026-02', { hoi_vien_moi: 4, noi_bat: 'Tốt' }, true);
    await report('TBH', '2026-02', { hoi_vien_moi: 9 }, false);
    await report('HYN', '2025-12', { hoi_vien_moi: 1, noi_bat: 'Cũ' }, true);
    const extendedTo = new Date('2026-03-02T10:00:00Z');
    await updateUnitTerms(f.db, {
      clusterId: f.clusterId,
      periodId: period.id,
      unitIds: [await f.unitId('TBH')],
      change: { deadlineAt: extendedTo },
      reason: 'Ốm',
      by,
      now: new Date('2026-02-24T03:00:00Z'),
    });
    const periods = await listSummaryPeriods(f.db, {
      scheduleId: schedule.id,
      from: new Date('2025-12-31T17:00:00Z'),
      to: new Date('2026-03-31T17:00:00Z'),
    });
    expect(periods).toEqual([
      {
        key: '2026-02',
        deadlineAt: new Date('2026-02-25T10:00:00Z'),
        reports: [
          { unitId: await f.unitId('HYN'), submittedAt: new Date('2026-02-20T03:00:00Z'), values: { hoi_vien_moi: 4 } },
        ],
        terms: [{ unitId: await f.unitId('TBH'), excused: false, deadlineAt: extendedTo }],
      },
    ]);
  });

  it('lists the active units with their targets, and a removed unit only for a report it filed in the range', async () => {
    const { schedule } = await report('TBH', '2026-01', { hoi_vien_moi: 2, noi_bat: 'x' }, true);
    await f.db
      .updateTable('units')
      .set({ active: false })
      .where('id', '=', await f.unitId('TBH'))
      .execute();
    const read = (from: string) =>
      listSummaryUnits(f.db, {
        clusterId: f.clusterId,
        scheduleId: schedule.id,
        from: new Date(from),
        to: new Date('2026-12-31T17:00:00Z'),
        years: [2026],
      });
    const inRange = await read('2025-12-31T17:00:00Z');
    expect(inRange.units.map((u) => [u.name, u.removed ?? false])).toEqual([
      ['Hội CCB tỉnh Hưng Yên', false],
      ['Hội CCB tỉnh Nam Định', false],
      ['Hội CCB tỉnh Thái Bình', true],
    ]);
    expect(inRange.targets).toContainEqual({
      unitId: await f.unitId('HYN'),
      year: 2026,
      indicator: 'tong_hoi_vien',
      value: 1000,
    });
    expect(inRange.targets).toHaveLength(4);
    expect((await read('2026-01-31T17:00:00Z')).units).toHaveLength(2);
  });

  it('stores the summary settings only when the config states them; a second sync changes nothing', async () => {
    expect((await syncClusterConfig(f.db, await loadClusterConfig(configPath), 'test')).settingsSaved).toBe(false);
    const plain = await syncClusterConfig(f.db, await loadClusterConfig(FIXTURE_CONFIG), 'test');
    expect(plain.settingsSaved).toBe(true);
    const row = await f.db
      .selectFrom('units')
      .select('summary_settings')
      .where('id', '=', f.clusterId)
      .executeTakeFirst();
    expect(row?.summary_settings).toBeNull();
    expect((await syncClusterConfig(f.db, await loadClusterConfig(FIXTURE_CONFIG), 'test')).settingsSaved).toBe(false);
  });
});
