import { describe, expect, it } from 'vitest';
import { requestExtension } from '../../src/services/adjust.js';
import { NotEntitled } from '../../src/services/errors.js';
import {
  HandedOver,
  handOver,
  handOverByAdmin,
  handoverToConfirm,
  nextLeaderChoices,
  refreshMenus,
} from '../../src/services/rotation.js';
import { currentLeaderUnit } from '../../src/store/clusters.js';
import { openPeriods } from '../../src/store/periods.js';
import { fixturePerTest } from '../support/services.js';

describe('rotation services', () => {
  const f = fixturePerTest({ now: '2026-11-20T03:00:00Z' });

  it('hands the role to a unit someone joined; everyone is told, waiting requests go to the new leader; an old button is refused', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    const periodId = (await openPeriods(f.db, f.clusterId, f.clock.now()))[0]!.period.id;
    await requestExtension(f.deps, lan, { periodId, reason: 'Đang họp' });
    const before = (await f.queued()).length;

    const { term, units } = await nextLeaderChoices(f.deps, leader);
    // Thái Bình has nobody yet: it could not hold the leader's rights.
    expect(units.map((u) => u.code)).toEqual(['HYN']);
    const hyn = await f.unitId('HYN');
    expect((await handoverToConfirm(f.deps, leader, { termId: term.id, unitId: hyn })).unit.code).toBe('HYN');
    await expect(nextLeaderChoices(f.deps, lan)).rejects.toBeInstanceOf(NotEntitled);

    const done = await handOver(f.deps, leader, { termId: term.id, unitId: hyn });
    expect(done.result.to.code).toBe('HYN');
    expect(done.menus.map((m) => m.personId).sort()).toEqual([leader.person.id, lan.person.id].sort());
    expect((await currentLeaderUnit(f.db, f.clusterId))?.code).toBe('HYN');
    // Lan (the new leader) gets the notice, the count of waiting requests and the request itself; the former leader answered in chat.
    const told = (await f.queued()).slice(before);
    expect(told.map((m) => m.chatId)).toEqual([201, 201, 201]);
    expect(told[2]!.text).toContain('Đang họp');

    await expect(handOver(f.deps, leader, { termId: term.id, unitId: hyn })).rejects.toBeInstanceOf(HandedOver);
    const set: number[] = [];
    await refreshMenus(f.deps, done.menus, async (chatId) => void set.push(chatId));
    expect(set.sort()).toEqual([100, 201]);
  });

  it('the CLI hands over the same way, and refuses a unit nobody joined', async () => {
    await f.member(100, 'Luyện', 'LEAD', 'leader');
    await f.member(201, 'Lan', 'HYN', 'contact');
    const tbh = await handOverByAdmin(f.db, {
      clusterId: f.clusterId,
      clusterName: 'Cụm',
      toUnitId: await f.unitId('TBH'),
      now: f.clock.now(),
    });
    expect(tbh.result).toEqual({ ok: false, reason: 'no_members' });
    const hyn = await handOverByAdmin(f.db, {
      clusterId: f.clusterId,
      clusterName: 'Cụm',
      toUnitId: await f.unitId('HYN'),
      now: f.clock.now(),
    });
    expect(hyn).toMatchObject({ result: { ok: true }, queued: 2 });
    expect((await f.queued()).map((m) => m.chatId).sort()).toEqual([100, 201]);
  });
});
