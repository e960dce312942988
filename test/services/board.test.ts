import { describe, expect, it } from 'vitest';
import { leaderBoards, nudgeNow } from '../../src/services/board.js';
import { browsePeriods, browseUnits, unitReport } from '../../src/services/browse.js';
import { NotEntitled, Stale } from '../../src/services/errors.js';
import { fixturePerTest } from '../support/services.js';

// 14:10 in Hà Nội on 23/11/2026: the November period is open, reminders allowed.
const NOW = '2026-11-23T07:10:00Z';

describe('board and browse services', () => {
  const f = fixturePerTest({ now: NOW });

  it("shows the leader each unit's state and reminds those owing at most once an hour", async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    const [open] = await leaderBoards(f.deps, leader);
    expect(open!.period.key).toBe('2026-11');
    expect(open!.board.rows.map((r) => [r.unit.name, r.state, r.unit.reachable])).toEqual([
      ['Hội CCB tỉnh Hưng Yên', 'missing', true],
      ['Hội CCB tỉnh Thái Bình', 'missing', false],
      ['Hội CCB tỉnh Nam Định', 'missing', true],
    ]);
    await expect(leaderBoards(f.deps, lan)).rejects.toBeInstanceOf(NotEntitled);

    // Thái Bình has nobody to remind: it is named, not counted.
    expect(await nudgeNow(f.deps, leader, open!.period.id)).toEqual({
      kind: 'sent',
      units: 2,
      people: 2,
      unreachable: ['Hội CCB tỉnh Thái Bình'],
    });
    expect((await f.queued()).map((m) => m.chatId).sort()).toEqual([100, 201]);
    expect(await nudgeNow(f.deps, leader, open!.period.id)).toMatchObject({
      kind: 'already',
      nextAt: new Date('2026-11-23T08:00:00Z'),
    });
    await expect(nudgeNow(f.deps, lan, open!.period.id)).rejects.toBeInstanceOf(NotEntitled);
  });

  it('lists the periods begun, a period’s units, and why a unit has no report to open', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const page = await browsePeriods(f.deps, leader, 0);
    expect(page.items.map((i) => [i.period.key, i.title, i.submitted, i.total])).toEqual([
      ['2026-11', 'Báo cáo tháng', 0, 3],
    ]);
    const periodId = page.items[0]!.period.id;
    const units = await browseUnits(f.deps, leader, periodId);
    expect(units.rows.map((r) => r.state)).toEqual(['missing', 'missing', 'missing']);
    expect(units.page).toBe(0);
    const hyn = await f.unitId('HYN');
    expect(await unitReport(f.deps, leader, { periodId, unitId: hyn })).toMatchObject({
      state: 'missing',
      unitName: 'Hội CCB tỉnh Hưng Yên',
    });
    await expect(browseUnits(f.deps, leader, 999_999)).rejects.toBeInstanceOf(Stale);
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    await expect(unitReport(f.deps, lan, { periodId, unitId: hyn })).rejects.toBeInstanceOf(NotEntitled);
  });
});
