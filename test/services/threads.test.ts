import { describe, expect, it } from 'vitest';
import { InvalidInput, NotEntitled } from '../../src/services/errors.js';
import {
  messageToAnswer,
  proposalPeriods,
  readThread,
  threadPeriods,
  threadUnits,
  writeInThread,
} from '../../src/services/threads.js';
import { fixturePerTest } from '../support/services.js';

describe('threads service', () => {
  const f = fixturePerTest({ now: '2026-11-20T03:00:00Z' });

  it("carries a unit's proposal to the leader and the leader's answer back, both in the unit's thread", async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    const hyn = await f.unitId('HYN');
    const { unitId, periods } = await proposalPeriods(f.deps, lan);
    expect(unitId).toBe(hyn);
    const periodId = periods[0]!.period.id;

    const { messageId } = await writeInThread(f.deps, lan, {
      periodId,
      unitId: hyn,
      side: 'unit',
      text: ' Xin hỏi về mẫu báo cáo. ',
    });
    expect(await f.queued()).toEqual([{ chatId: 100, text: expect.stringContaining('Xin hỏi về mẫu báo cáo.') }]);

    const answer = await messageToAnswer(f.deps, messageId);
    expect(answer).toMatchObject({ side: 'leader', periodId, unitId: hyn, replyTo: messageId });
    await writeInThread(f.deps, leader, {
      periodId,
      unitId: hyn,
      side: answer.side,
      text: 'Dùng mẫu mới.',
      replyTo: answer.replyTo,
    });
    expect((await f.queued()).at(-1)).toEqual({ chatId: 201, text: expect.stringContaining('Dùng mẫu mới.') });

    const thread = await readThread(f.deps, leader, periodId, hyn);
    expect(thread.side).toBe('leader');
    expect(thread.entries.map((e) => e.body)).toEqual(['Xin hỏi về mẫu báo cáo.', 'Dùng mẫu mới.']);
    expect((await readThread(f.deps, lan, periodId, hyn)).side).toBe('unit');
    expect((await threadUnits(f.deps, leader, periodId)).units.find((u) => u.unit.id === hyn)?.entries).toBe(2);
    expect((await threadPeriods(f.deps, lan)).map((p) => p.period.id)).toContain(periodId);
  });

  it('keeps other units and strangers to a thread out, and takes no empty text', async () => {
    await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    const hoa = await f.member(301, 'Hoa', 'TBH', 'contact');
    const hyn = await f.unitId('HYN');
    const periodId = (await proposalPeriods(f.deps, lan)).periods[0]!.period.id;
    await expect(readThread(f.deps, hoa, periodId, hyn)).rejects.toEqual(new NotEntitled('contact', 'not_yours'));
    await expect(
      writeInThread(f.deps, hoa, { periodId, unitId: hyn, side: 'unit', text: 'Chen vào' }),
    ).rejects.toBeInstanceOf(NotEntitled);
    await expect(
      writeInThread(f.deps, lan, { periodId, unitId: hyn, side: 'leader', text: 'Giả làm cụm trưởng' }),
    ).rejects.toBeInstanceOf(NotEntitled);
    await expect(
      writeInThread(f.deps, lan, { periodId, unitId: hyn, side: 'unit', text: '   ' }),
    ).rejects.toBeInstanceOf(InvalidInput);
    await expect(threadUnits(f.deps, lan, periodId)).rejects.toBeInstanceOf(NotEntitled);
    expect(await f.queued()).toEqual([]);
  });
});
