import { describe, expect, it } from 'vitest';
import { InvalidInput, NotEntitled, Stale } from '../../src/services/errors.js';
import {
  acknowledgeGuidance,
  acknowledgements,
  chooseUnits,
  draftReach,
  guidanceHistory,
  resendGuidance,
  reviseDraft,
  sendGuidance,
  type GuidanceDraft,
} from '../../src/services/guidance.js';
import { setConversation, findConversation } from '../../src/store/conversations.js';
import { fixturePerTest } from '../support/services.js';

describe('guidance service', () => {
  const f = fixturePerTest({ now: '2026-11-20T03:00:00Z' });

  /** The draft `reviseDraft` made, failing the test otherwise. */
  function drafted(result: ReturnType<typeof reviseDraft>): GuidanceDraft {
    if (result.outcome !== 'draft') throw new Error(`no draft: ${result.outcome}`);
    return result.draft;
  }

  it('sends a draft to every registered person but the leader, ends the draft, and takes each "Đã nhận" once', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    const hoa = await f.member(301, 'Hoa', 'TBH', 'contact');
    const draft = drafted(reviseDraft(leader, undefined, { body: '  Họp lúc 8 giờ.  ' }));
    expect(draft.body).toBe('Họp lúc 8 giờ.');
    const reach = await draftReach(f.deps, leader, draft);
    expect(reach).toMatchObject({ units: 2, people: 2, chosen: undefined });

    await setConversation(f.db, leader.person.id, { kind: 'guidance_preview', ...draft }, f.clock.now());
    const sent = await sendGuidance(f.deps, leader, draft);
    expect(sent.recipients).toBe(2);
    expect(await findConversation(f.db, leader.person.id)).toBeUndefined();
    const queued = await f.queued();
    expect(queued.map((q) => q.chatId).sort()).toEqual([201, 301]);
    expect(queued.every((q) => q.text.includes('Họp lúc 8 giờ.'))).toBe(true);

    const grid = await acknowledgements(f.deps, leader, sent.guidanceId);
    expect(grid.owing).toBe(true);
    const deliveries = await f.db.selectFrom('guidance_deliveries').select(['id', 'person_id']).orderBy('id').execute();
    const lansDelivery = deliveries.find((d) => d.person_id === lan.person.id)!.id;
    expect(await acknowledgeGuidance(f.deps, hoa, lansDelivery)).toBe(false);
    expect(await acknowledgeGuidance(f.deps, lan, lansDelivery)).toBe(true);
    expect(await acknowledgeGuidance(f.deps, lan, lansDelivery)).toBe(false);
    const after = await acknowledgements(f.deps, leader, sent.guidanceId);
    expect(after.units.map((u) => [u.unit, u.acknowledged, u.total])).toEqual(
      expect.arrayContaining([
        [expect.any(String), 1, 1],
        [expect.any(String), 0, 1],
      ]),
    );
    expect((await guidanceHistory(f.deps, leader)).map((g) => g.body)).toEqual(['Họp lúc 8 giờ.']);
  });

  it('re-sends only to those who owe "Đã nhận" once their copy has left, and refuses while it is still on its way', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    await f.member(201, 'Lan', 'HYN', 'contact');
    const { guidanceId } = await sendGuidance(
      f.deps,
      leader,
      drafted(reviseDraft(leader, undefined, { body: 'Nộp báo cáo.' })),
    );
    await expect(resendGuidance(f.deps, leader, guidanceId)).rejects.toEqual(new Stale('nobody'));
    await f.db.updateTable('outbox').set({ status: 'sent' }).execute();
    expect(await resendGuidance(f.deps, leader, guidanceId)).toEqual({ people: 1 });
    const last = (await f.queued()).at(-1)!;
    expect(last).toMatchObject({ chatId: 201 });
    expect(last.text).toContain('Gửi lại');
  });

  it('chooses units of the cluster only, and refuses a contact, an old draft and a text too long', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    await f.member(301, 'Hoa', 'TBH', 'contact');
    const hyn = await f.unitId('HYN');
    const draft = drafted(reviseDraft(leader, undefined, { body: 'Chỉ cho Hưng Yên.' }));
    const choice = await chooseUnits(f.deps, leader, draft, { unitId: hyn });
    expect(choice.units.filter((u) => u.chosen).map((u) => u.id)).not.toContain(hyn);
    const onlyHyn = (await chooseUnits(f.deps, leader, { ...draft, unitIds: [] }, { unitId: hyn })).draft;
    expect(onlyHyn.unitIds).toEqual([hyn]);
    expect(await draftReach(f.deps, leader, onlyHyn)).toMatchObject({ people: 1, chosen: [expect.any(String)] });
    await expect(chooseUnits(f.deps, leader, draft, { unitId: 999_999 })).rejects.toEqual(new Stale('unit'));

    expect(() => reviseDraft(lan, undefined, { body: 'x' })).toThrow(NotEntitled);
    expect(() => reviseDraft(leader, undefined, { body: 'x'.repeat(3501) })).toThrow(InvalidInput);
    await expect(sendGuidance(f.deps, leader, undefined)).rejects.toEqual(new Stale('draft'));
    await expect(sendGuidance(f.deps, lan, onlyHyn)).rejects.toBeInstanceOf(NotEntitled);
    expect(await f.queued()).toEqual([]);
  });
});
