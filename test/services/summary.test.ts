import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/services/actor.js';
import { InvalidInput, NotEntitled, Stale } from '../../src/services/errors.js';
import { listSummaryWindows, summarise, unitProgress } from '../../src/services/summary.js';
import { findSummarySettings, listActiveSchedules } from '../../src/store/clusters.js';
import { updateUnitTerms } from '../../src/store/overrides.js';
import { ensurePeriod } from '../../src/store/periods.js';
import { findOrStartDraft, saveAnswer, submitReport } from '../../src/store/reports.js';
import { serviceFixture, type ServiceFixture } from '../support/services.js';

const configPath = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));

describe('summary services', () => {
  let f: ServiceFixture;
  let leader: Actor;
  let lan: Actor;
  beforeEach(async () => {
    f = await serviceFixture({ now: '2026-04-10T03:00:00Z', configPath });
    leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    lan = await f.member(201, 'Lan', 'HYN', 'contact');
  });
  afterEach(() => f.close());

  /** The schedule and the period of month `key` ("2026-03"), created as the bot would. */
  async function periodOf(key: string) {
    const [schedule] = await listActiveSchedules(f.db, f.clusterId);
    return { schedule: schedule!, period: (await ensurePeriod(f.db, schedule!, new Date(`${key}-10T03:00:00Z`)))! };
  }

  /** Files `unit`'s report for month `key` ("2026-03"), sent on `sentOn` (yyyy-mm-dd, 10:00 Vietnam time). */
  async function file(unit: string, key: string, values: Record<string, number>, sentOn: string) {
    const { schedule, period } = await periodOf(key);
    const at = new Date(`${sentOn}T03:00:00Z`);
    const report = await findOrStartDraft(f.db, {
      clusterId: f.clusterId,
      periodId: period.id,
      unitId: await f.unitId(unit),
      templateId: schedule.template.id,
      personId: lan.person.id,
      now: at,
    });
    for (const [k, v] of Object.entries({ ...values, noi_bat: 'Tốt' }))
      await saveAnswer(f.db, report.id, k, v, lan.person.id, at);
    await submitReport(f.db, report.id, lan.person.id, at);
    return report.id;
  }

  /**
   * First quarter 2026 (targets: HYN 120 new members and 1 000 members, TBH 120, LEAD 60;
   * the config's tolerance 20 %): HYN on time every month; TBH nothing in February and March
   * sent late; LEAD excused in February.
   */
  async function firstQuarter() {
    await file('HYN', '2026-01', { hoi_vien_moi: 10, tong_hoi_vien: 900 }, '2026-01-20');
    await file('HYN', '2026-02', { hoi_vien_moi: 10, tong_hoi_vien: 950 }, '2026-02-20');
    await file('HYN', '2026-03', { hoi_vien_moi: 12, tong_hoi_vien: 980 }, '2026-03-20');
    await file('TBH', '2026-01', { hoi_vien_moi: 5 }, '2026-01-22');
    const tbhMarch = await file('TBH', '2026-03', { hoi_vien_moi: 5 }, '2026-03-27');
    await file('LEAD', '2026-01', { hoi_vien_moi: 8 }, '2026-01-24');
    await updateUnitTerms(f.db, {
      clusterId: f.clusterId,
      periodId: (await periodOf('2026-02')).period.id,
      unitIds: [await f.unitId('LEAD')],
      change: { excused: true },
      reason: 'Bão lũ',
      by: leader.person.id,
      now: new Date('2026-02-10T03:00:00Z'),
    });
    await file('LEAD', '2026-03', { hoi_vien_moi: 9 }, '2026-03-24');
    return { tbhMarch };
  }

  it("reads the config's summary settings, filling in the defaults", async () => {
    expect(await findSummarySettings(f.db, f.clusterId)).toEqual({
      stillLow: { pace: 'linear', tolerance: 0.2 },
      unitsSeeOthers: false,
    });
  });

  it('sums each unit and the cluster over the quarter with targets, % and the units still low', async () => {
    await firstQuarter();
    const s = await summarise(f.deps, leader, { windowKey: 'thang:2026-Q1' });
    const [hyn, tbh, lead] = [await f.unitId('HYN'), await f.unitId('TBH'), await f.unitId('LEAD')];
    expect(s).toMatchObject({ windowKey: 'thang:2026-Q1', ended: true, pace: { month: 3, tolerance: 0.2 } });
    expect(s.units.map((u) => u.id)).toEqual([hyn, tbh, lead]);
    const members = s.indicators.find((i) => i.key === 'hoi_vien_moi')!;
    expect(members.units.map((u) => [u.value, u.ytd, u.target, u.status])).toEqual([
      [32, 32, 120, 'on_pace'],
      [10, 10, 120, 'low'],
      [17, 17, 60, 'on_pace'],
    ]);
    expect(members.units[1]).toMatchObject({ missingPeriods: ['2026-02'], percentOfTarget: 8.333333 });
    expect(members.units[2]).toMatchObject({ excusedPeriods: ['2026-02'] });
    expect(members.cluster).toMatchObject({ value: 59, target: 300, percentOfTarget: 19.666667, status: 'low' });
    expect(members.stillLow).toEqual([tbh]);
    const stock = s.indicators.find((i) => i.key === 'tong_hoi_vien')!;
    expect(stock.units[0]).toMatchObject({ value: 980, target: 1000, status: 'on_pace' });
    expect(s.completeness.totals).toEqual({ onTime: 6, late: 1, missing: 1, pending: 0, excused: 1 });
  });

  it('a late report and a correction change the next summary: computed, never copied', async () => {
    const { tbhMarch } = await firstQuarter();
    const before = await summarise(f.deps, leader, { windowKey: 'thang:2026-Q1' });
    expect(before.indicators[0]!.stillLow).toHaveLength(1);

    await file('TBH', '2026-02', { hoi_vien_moi: 7 }, '2026-03-02');
    await saveAnswer(f.db, tbhMarch, 'hoi_vien_moi', 15, lan.person.id, new Date('2026-04-01T03:00:00Z'), {
      status: 'submitted',
    });
    const after = await summarise(f.deps, leader, { windowKey: 'thang:2026-Q1' });
    const tbh = after.indicators[0]!.units[1]!;
    expect(tbh).toMatchObject({ value: 27, reportedPeriods: 3, missingPeriods: [], status: 'on_pace' });
    expect(after.indicators[0]!.stillLow).toEqual([]);
    expect(after.completeness.totals).toMatchObject({ late: 2, missing: 0 });
  });

  it("shows a unit its own progress, rank and the cluster's median, not the other units' numbers", async () => {
    await firstQuarter();
    const progress = await unitProgress(f.deps, lan, { windowKey: 'thang:2026-Q1' });
    expect(progress.unit.name).toBe('Hội CCB tỉnh Hưng Yên');
    expect(progress.periods.map((p) => p.state)).toEqual(['on_time', 'on_time', 'on_time']);
    const members = progress.indicators[0]!;
    expect(members.own).toMatchObject({ value: 32, target: 120, percentOfTarget: 26.666667, status: 'on_pace' });
    // HYN 26.7 %, TBH 8.3 %, LEAD 28.3 %.
    expect(members.standing).toEqual({
      rank: { position: 2, of: 3, by: 'percent' },
      clusterMedianPercent: 26.666667,
    });
    expect(members.others).toBeUndefined();
    const text = JSON.stringify(progress);
    expect(text).not.toContain('Thái Bình');
    expect(text).not.toContain('Nam Định');

    // The config may let units see each other.
    await f.db
      .updateTable('units')
      .set({ summary_settings: JSON.stringify({ unitsSeeOthers: true }) })
      .where('id', '=', f.clusterId)
      .execute();
    const open = await unitProgress(f.deps, lan, { windowKey: 'thang:2026-Q1' });
    expect(open.indicators[0]!.others!.map((o) => [o.name, o.value])).toEqual([
      ['Hội CCB tỉnh Thái Bình', 10],
      ['Hội CCB tỉnh Nam Định', 17],
    ]);
  });

  it('refuses the summary to a unit contact and an unknown, impossible or future window', async () => {
    await expect(summarise(f.deps, lan, { windowKey: 'thang:2026-Q1' })).rejects.toBeInstanceOf(NotEntitled);
    await expect(summarise(f.deps, leader, { windowKey: 'quy:2026-Q1' })).rejects.toBeInstanceOf(Stale);
    for (const windowKey of ['thang:2026-H2', 'thang:2026-Q5', '2026-Q1', ':2026'])
      await expect(summarise(f.deps, leader, { windowKey })).rejects.toMatchObject({ detail: 'window' });
    await expect(summarise(f.deps, leader, { windowKey: 'thang:2026-05' })).rejects.toEqual(
      new InvalidInput('window_not_started', 'windowKey'),
    );
    // The leader's own unit reports too, so the leader sees its progress.
    expect((await unitProgress(f.deps, leader, { windowKey: 'thang:2026-Q1' })).unit.name).toBe(
      'Hội CCB tỉnh Nam Định',
    );
  });

  it('lists the windows begun this year and last, latest ending first, for leader and units alike', async () => {
    const windows = await listSummaryWindows(f.deps, leader);
    expect(windows.slice(0, 6).map((w) => w.windowKey)).toEqual([
      'thang:2026',
      'thang:2026-9M',
      'thang:2026-H1',
      'thang:2026-Q2',
      'thang:2026-04',
      'thang:2026-Q1',
    ]);
    expect(windows).toHaveLength(9 + 19);
    expect(windows.at(-1)).toMatchObject({ windowKey: 'thang:2025-01', ended: true, templateTitle: 'Báo cáo tháng' });
    expect(windows[0]!.ended).toBe(false);
    expect((await listSummaryWindows(f.deps, lan)).length).toBe(windows.length);
  });

  it('summarises a year with nothing reported yet as missing and no data, not as zero', async () => {
    f.clock.set(new Date('2027-01-05T03:00:00Z'));
    const s = await summarise(f.deps, leader, { windowKey: 'thang:2026' });
    expect(s.indicators[0]!.units.map((u) => u.status)).toEqual(['no_data', 'no_data', 'no_data']);
    expect(s.indicators[0]!.cluster.value).toBeUndefined();
    expect(s.completeness.totals).toMatchObject({ missing: 36, onTime: 0 });
  });
});
