import { beforeEach, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { InvalidInput, NotEntitled, Stale } from '../../src/services/errors.js';
import { openReport, sendReport } from '../../src/services/reports.js';
import {
  answersToShare,
  draftShare,
  MAX_NOTE_LENGTH,
  noteShare,
  previewShare,
  sendShare,
} from '../../src/services/share.js';
import { saveAnswer } from '../../src/store/reports.js';
import { fixturePerTest } from '../support/services.js';

describe('share services', () => {
  let reportId: number;
  const f = fixturePerTest({ now: '2026-11-20T03:00:00Z' });
  const leader = perTest(() => f.member(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => f.member(201, 'Lan', 'HYN', 'contact'));
  beforeEach(async () => {
    const opened = await openReport(f.deps, lan);
    if (opened.kind !== 'started') throw new Error(opened.kind);
    reportId = opened.report.id;
    await saveAnswer(f.db, reportId, 'hoi_vien_moi', 12, lan.person.id, f.clock.now());
    await saveAnswer(f.db, reportId, 'noi_bat', '  Tổ hợp tác chăn nuôi bò  ', lan.person.id, f.clock.now());
  });

  it("refuses a draft, a unit's contact, a number answer and a note that is too long", async () => {
    await expect(answersToShare(f.deps, leader, reportId)).rejects.toBeInstanceOf(Stale);
    await sendReport(f.deps, lan, reportId);
    await expect(answersToShare(f.deps, lan, reportId)).rejects.toBeInstanceOf(NotEntitled);
    await expect(draftShare(f.deps, leader, { reportId, fieldKey: 'hoi_vien_moi' })).rejects.toEqual(
      new Stale('answer'),
    );
    const draft = await draftShare(f.deps, leader, { reportId, fieldKey: 'noi_bat' });
    expect(() => noteShare(draft, 'x'.repeat(MAX_NOTE_LENGTH + 1))).toThrow(InvalidInput);
    expect(noteShare(draft, '  Nhân rộng.  ').note).toBe('Nhân rộng.');
  });

  it('with no one registered in the other units, nothing is shared and the preview ends', async () => {
    await sendReport(f.deps, lan, reportId);
    const draft = await draftShare(f.deps, leader, { reportId, fieldKey: 'noi_bat' });
    await expect(previewShare(f.deps, leader, draft)).rejects.toEqual(new InvalidInput('no_recipients'));
    await expect(sendShare(f.deps, leader, draft)).rejects.toEqual(new InvalidInput('no_recipients'));
    expect(await f.db.selectFrom('experience_shares').selectAll().execute()).toEqual([]);
  });

  it("sends the answer, credited to its unit, to every other unit's people and not back to the unit; the leader's preview ends", async () => {
    const minh = await f.member(301, 'Minh', 'TBH', 'contact');
    await f.member(202, 'Hoa', 'HYN', 'contact');
    await sendReport(f.deps, lan, reportId);
    const before = (await f.queued()).length;

    expect((await answersToShare(f.deps, leader, reportId)).map((a) => a.key)).toEqual(['noi_bat']);
    const draft = noteShare(await draftShare(f.deps, leader, { reportId, fieldKey: 'noi_bat' }), 'Đề nghị tham khảo.');
    const preview = await previewShare(f.deps, leader, draft);
    expect(preview).toMatchObject({ units: 1, people: 1 });
    expect(preview.message).toContain('Hội CCB tỉnh Hưng Yên');

    const { count } = await sendShare(f.deps, leader, draft);
    expect(count).toBe(1);
    const sent = (await f.queued()).slice(before);
    expect(sent.map((m) => m.chatId)).toEqual([minh.person.chat_id]);
    expect(sent[0]!.text).toContain('Tổ hợp tác chăn nuôi bò');
    expect(sent[0]!.text).toContain('Đề nghị tham khảo.');
    const share = await f.db
      .selectFrom('experience_shares')
      .select(['report_id', 'field_key', 'note'])
      .executeTakeFirstOrThrow();
    expect(share).toEqual({ report_id: reportId, field_key: 'noi_bat', note: 'Đề nghị tham khảo.' });

    // A draft made while leading another cluster (the role moved) is stale.
    await expect(sendShare(f.deps, leader, { ...draft, clusterId: draft.clusterId + 1 })).rejects.toBeInstanceOf(Stale);
  });
});
