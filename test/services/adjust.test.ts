import { beforeEach, describe, expect, it } from 'vitest';
import {
  adjustUnits,
  ALL_UNITS,
  closePeriod,
  decideExtension,
  extensionToAsk,
  openNextPeriod,
  periodsToExtend,
  requestExtension,
  unitsToAdjust,
} from '../../src/services/adjust.js';
import { InvalidInput, NotEntitled, PeriodClosed, Stale } from '../../src/services/errors.js';
import { openPeriods } from '../../src/store/periods.js';
import { fixturePerTest } from '../support/services.js';

// 10:00 in Hà Nội on 20/11/2026: the November period is open, its deadline 25/11 at 17:00.
const NOW = '2026-11-20T03:00:00Z';

describe('adjust services: more time, excuses, closing and opening periods', () => {
  let periodId: number;
  const f = fixturePerTest({ now: NOW });
  beforeEach(async () => {
    periodId = (await openPeriods(f.db, f.clusterId, f.clock.now()))[0]!.period.id;
  });

  it('a contact asks for more time once; the leader grants 3 days, once, and the unit is told', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    expect((await periodsToExtend(f.deps, lan)).map((o) => o.period.id)).toEqual([periodId]);
    expect(await extensionToAsk(f.deps, lan, periodId)).toEqual({ kind: 'ask' });

    const { requestId } = await requestExtension(f.deps, lan, { periodId, reason: '  Đang họp tỉnh  ' });
    const asked = await f.queued();
    expect(asked.map((m) => m.chatId)).toEqual([100]);
    expect(asked[0]!.text).toContain('Đang họp tỉnh');
    expect(await extensionToAsk(f.deps, lan, periodId)).toMatchObject({ kind: 'waiting' });

    await expect(decideExtension(f.deps, lan, { requestId, decision: 'e3' })).rejects.toBeInstanceOf(NotEntitled);
    const decided = await decideExtension(f.deps, leader, { requestId, decision: 'e3' });
    // Three days after the unit's deadline, same time of day: 28/11 17:00 in Hà Nội.
    expect(decided).toEqual({
      approved: true,
      unitName: 'Hội CCB tỉnh Hưng Yên',
      deadlineAt: new Date('2026-11-28T10:00:00Z'),
      capped: false,
    });
    const told = (await f.queued()).slice(1);
    expect(told.map((m) => m.chatId)).toEqual([201]);
    await expect(decideExtension(f.deps, leader, { requestId, decision: 'no' })).rejects.toEqual(new Stale('decided'));
    const audit = await f.db.selectFrom('audit_log').select('action').where('action', '=', 'period.extend').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses asking for a period already reported, ended, or by someone not a contact', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    const period = (await openPeriods(f.db, f.clusterId, f.clock.now()))[0]!.period;
    const now = f.clock.now();
    const by = lan.person.id;
    await f.db
      .insertInto('reports')
      .values({
        cluster_id: f.clusterId,
        period_id: periodId,
        unit_id: await f.unitId('HYN'),
        template_id: period.template_id,
        status: 'submitted',
        started_by: by,
        updated_by: by,
        submitted_by: by,
        submitted_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await expect(extensionToAsk(f.deps, lan, periodId)).rejects.toEqual(new InvalidInput('not_needed'));
    expect(await periodsToExtend(f.deps, lan)).toEqual([]);
    await expect(periodsToExtend(f.deps, { ...leader, reportingUnit: undefined })).rejects.toBeInstanceOf(NotEntitled);
    await closePeriod(f.deps, leader, periodId);
    await expect(requestExtension(f.deps, lan, { periodId, reason: 'muộn' })).rejects.toBeInstanceOf(PeriodClosed);
  });

  it('extends every owing unit by 7 days with the reason, excuses one, and refuses a contact', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    await f.member(202, 'Minh', 'TBH', 'contact');
    expect((await unitsToAdjust(f.deps, leader, periodId)).map((u) => u.name)).toHaveLength(3);
    await expect(unitsToAdjust(f.deps, lan, periodId)).rejects.toBeInstanceOf(NotEntitled);

    const all = await adjustUnits(f.deps, leader, {
      clusterId: f.clusterId,
      periodId,
      unitId: ALL_UNITS,
      action: 'e7',
      reason: 'Lũ lụt',
    });
    // 7 days after 25/11 would pass the period's end (1/12 00:00): cut to its last minute.
    expect(all).toMatchObject({ action: 'e7', extended: [{ capped: true }, { capped: true }, { capped: true }] });
    const notices = await f.queued();
    expect(notices.map((m) => m.chatId).sort()).toEqual([100, 201, 202]);
    expect(notices.every((m) => m.text.includes('Lũ lụt'))).toBe(true);

    const tbh = await f.unitId('TBH');
    expect(
      await adjustUnits(f.deps, leader, {
        clusterId: f.clusterId,
        periodId,
        unitId: tbh,
        action: 'ex',
        reason: 'Đại hội',
      }),
    ).toEqual({ action: 'ex', units: ['Hội CCB tỉnh Thái Bình'] });
    expect((await f.queued()).slice(3).map((m) => m.chatId)).toEqual([202]);
    await expect(
      adjustUnits(f.deps, leader, { clusterId: f.clusterId + 1, periodId, unitId: tbh, action: 'ex', reason: 'x' }),
    ).rejects.toEqual(new Stale('other_cluster'));
  });

  it('closes a period (units told, then every control refuses) and opens the next one only once', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    await f.member(201, 'Lan', 'HYN', 'contact');
    const next = await openNextPeriod(f.deps, leader, periodId);
    expect(next.period.key).toBe('2026-12');
    expect((await f.queued()).map((m) => m.chatId)).toEqual([201]);
    await expect(openNextPeriod(f.deps, leader, periodId)).rejects.toEqual(new Stale('already_open'));

    await closePeriod(f.deps, leader, periodId);
    expect((await f.queued()).map((m) => m.chatId)).toEqual([201, 201]);
    await expect(unitsToAdjust(f.deps, leader, periodId)).rejects.toBeInstanceOf(PeriodClosed);
    await expect(closePeriod(f.deps, leader, periodId)).rejects.toBeInstanceOf(PeriodClosed);
    const audit = await f.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['period.open', 'period.close'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['period.open', 'period.close']);
  });
});
