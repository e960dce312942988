import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig, parseClusterConfig } from '../../src/config/cluster-config.js';
import { InvalidInput, NotEntitled } from '../../src/services/errors.js';
import { summarise } from '../../src/services/summary.js';
import { importTargets, importTargetsAsSystem, previewTargets, targetsOverview } from '../../src/services/targets.js';
import { syncClusterConfig } from '../../src/store/clusters.js';
import { fixturePerTest } from '../support/services.js';

// Targets 2026: HYN 120 new members and 1 000 members, TBH 120, LEAD 60.
const configPath = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));

describe('yearly targets: preview and import', () => {
  const f = fixturePerTest({ now: '2026-03-10T03:00:00Z', configPath });

  const stored = () =>
    f.db
      .selectFrom('unit_targets as t')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .select(['u.code', 't.year', 't.indicator', 't.value', 't.source'])
      .orderBy('u.code')
      .orderBy('t.indicator')
      .execute();
  const audits = () =>
    f.db
      .selectFrom('audit_log')
      .select(['actor', 'actor_person_id', 'details'])
      .where('action', '=', 'target.import')
      .orderBy('id')
      .execute();
  const sheet = [
    { unitCode: 'HYN', indicator: 'hoi_vien_moi', value: 150 },
    { unitCode: 'HYN', indicator: 'tong_hoi_vien', value: 1000 },
    { unitCode: 'TBH', indicator: 'tong_hoi_vien', value: 800 },
  ];

  it('the overview names the indicators of the templates, the units and the targets set', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const state = await targetsOverview(f.deps, leader, { year: 2026 });
    expect(state.indicators).toEqual([
      { key: 'hoi_vien_moi', label: 'Số hội viên mới kết nạp', kind: 'integer', unit: 'người' },
      { key: 'tong_hoi_vien', label: 'Tổng số hội viên cuối tháng', kind: 'integer', unit: 'người' },
    ]);
    expect(state.units.map((u) => u.code)).toEqual(['HYN', 'TBH', 'LEAD']);
    expect(state.targets.map((t) => [t.indicator, t.value, t.source])).toEqual([
      ['hoi_vien_moi', 120, 'config'],
      ['tong_hoi_vien', 1000, 'config'],
      ['hoi_vien_moi', 120, 'config'],
      ['hoi_vien_moi', 60, 'config'],
    ]);
    await expect(targetsOverview(f.deps, leader, { year: 2028 })).rejects.toThrow(InvalidInput);
  });

  it('the preview computes the changes and writes nothing', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const before = await stored();
    const preview = await previewTargets(f.deps, leader, { year: 2026, targets: sheet });
    expect(preview).toMatchObject({ year: 2026, unchanged: 1, units: 2 });
    expect(preview.byUnit.map((u) => [u.unitCode, u.changed])).toEqual([
      ['HYN', 1],
      ['TBH', 1],
    ]);
    expect(preview.changes.map((c) => [c.unitCode, c.indicator, c.oldValue, c.newValue])).toEqual([
      ['HYN', 'hoi_vien_moi', 120, 150],
      ['TBH', 'tong_hoi_vien', null, 800],
    ]);
    expect(await stored()).toEqual(before);
    expect(await audits()).toEqual([]);
  });

  it('the import writes only the changed values, audits each with old and new value and who', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const result = await importTargets(f.deps, leader, { year: 2026, targets: sheet });
    expect(result.changes).toHaveLength(2);
    expect(await stored()).toEqual([
      { code: 'HYN', year: 2026, indicator: 'hoi_vien_moi', value: 150, source: 'import' },
      // Given with its own value: not written, still the config's.
      { code: 'HYN', year: 2026, indicator: 'tong_hoi_vien', value: 1000, source: 'config' },
      { code: 'LEAD', year: 2026, indicator: 'hoi_vien_moi', value: 60, source: 'config' },
      { code: 'TBH', year: 2026, indicator: 'hoi_vien_moi', value: 120, source: 'config' },
      { code: 'TBH', year: 2026, indicator: 'tong_hoi_vien', value: 800, source: 'import' },
    ]);
    const rows = await audits();
    expect(rows.map((r) => [r.actor, r.actor_person_id])).toEqual([
      [`person:${leader.person.id}`, leader.person.id],
      [`person:${leader.person.id}`, leader.person.id],
    ]);
    expect(rows.map((r) => r.details)).toEqual([
      expect.objectContaining({ unitCode: 'HYN', year: 2026, indicator: 'hoi_vien_moi', old: 120, new: 150 }),
      expect.objectContaining({ unitCode: 'TBH', year: 2026, indicator: 'tong_hoi_vien', old: null, new: 800 }),
    ]);
    // The same sheet again changes nothing.
    expect((await importTargets(f.deps, leader, { year: 2026, targets: sheet })).changes).toEqual([]);
    expect(await audits()).toHaveLength(2);

    // The summary reads the new target: 150 + 120 + 60.
    const summary = await summarise(f.deps, leader, { windowKey: 'thang:2026-Q1' });
    expect(summary.indicators.find((i) => i.key === 'hoi_vien_moi')!.cluster.target).toBe(330);
  });

  it('refuses anyone but the leader, and targets the cluster cannot take', async () => {
    const contact = await f.member(201, 'Lan', 'HYN', 'contact');
    await expect(previewTargets(f.deps, contact, { year: 2026, targets: sheet })).rejects.toThrow(NotEntitled);
    await expect(importTargets(f.deps, contact, { year: 2026, targets: sheet })).rejects.toThrow(NotEntitled);
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    for (const bad of [
      { unitCode: 'XYZ', indicator: 'hoi_vien_moi', value: 1 },
      { unitCode: 'HYN', indicator: 'khong_co', value: 1 },
      { unitCode: 'HYN', indicator: 'hoi_vien_moi', value: 1.5 },
      { unitCode: 'HYN', indicator: 'hoi_vien_moi', value: -1 },
    ])
      await expect(importTargets(f.deps, leader, { year: 2026, targets: [bad] })).rejects.toThrow(InvalidInput);
    expect(await audits()).toEqual([]);
  });

  it('config sync (a restart) keeps the imported targets and still manages its own', async () => {
    await importTargetsAsSystem(f.deps, {
      clusterId: f.clusterId,
      year: 2026,
      targets: [{ unitCode: 'HYN', indicator: 'hoi_vien_moi', value: 200 }],
    });
    expect((await audits())[0]).toMatchObject({ actor: 'cli', actor_person_id: null });
    const config = await loadClusterConfig(configPath);
    const again = await syncClusterConfig(f.db, config, 'test');
    expect(again).toMatchObject({ targetsSaved: 0, targetsImportedKept: 1 });

    // The file changes: TBH's target follows it, HYN's imported one stays; LEAD's is taken out of the file.
    const edited = parseClusterConfig(
      JSON.stringify({
        ...config,
        targets: [
          { unit: 'HYN', year: 2026, values: { hoi_vien_moi: 130, tong_hoi_vien: 1000 } },
          { unit: 'TBH', year: 2026, values: { hoi_vien_moi: 90 } },
        ],
      }),
    );
    expect(await syncClusterConfig(f.db, edited, 'test')).toMatchObject({ targetsSaved: 2, targetsImportedKept: 1 });
    expect((await stored()).map((t) => [t.code, t.indicator, t.value, t.source])).toEqual([
      ['HYN', 'hoi_vien_moi', 200, 'import'],
      ['HYN', 'tong_hoi_vien', 1000, 'config'],
      ['TBH', 'hoi_vien_moi', 90, 'config'],
    ]);
  });
});
