import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { NotEntitled, PeriodClosed, Stale } from '../../src/services/errors.js';
import {
  attachFile,
  beginAmending,
  finishAmending,
  openReport,
  removeFiles,
  reportFiles,
  reportHistory,
  reportToView,
  sendReport,
} from '../../src/services/reports.js';
import { saveAnswer } from '../../src/store/reports.js';
import { fixturePerTest } from '../support/services.js';

const describeFile = (file: { fileName: string | null }) => file.fileName ?? 'ảnh';

describe('reports services', () => {
  const f = fixturePerTest({ now: '2026-11-20T03:00:00Z' });
  const leader = perTest(() => f.member(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => f.member(201, 'Lan', 'HYN', 'contact'));
  const hoa = perTest(() => f.member(202, 'Hoa', 'HYN', 'contact'));

  /** Lan's unit's draft for the period open now, with every required answer. */
  async function answeredDraft() {
    const opened = await openReport(f.deps, lan);
    if (opened.kind !== 'started') throw new Error(`expected a new draft, got ${opened.kind}`);
    const now = f.clock.now();
    await saveAnswer(f.db, opened.report.id, 'hoi_vien_moi', 12, lan.person.id, now);
    await saveAnswer(f.db, opened.report.id, 'noi_bat', 'Tổ hợp tác chăn nuôi bò', lan.person.id, now);
    return opened.report.id;
  }

  it('starts a draft for the open period, resumes it for its author and names the colleague who worked on it for another', async () => {
    const started = await openReport(f.deps, lan);
    expect(started).toMatchObject({ kind: 'started', unitName: 'Hội CCB tỉnh Hưng Yên', late: false });
    expect((await openReport(f.deps, lan)).kind).toBe('resumed');
    expect(await openReport(f.deps, hoa)).toMatchObject({ kind: 'shared', by: 'Lan' });
    expect(await f.db.selectFrom('reports').select('status').execute()).toEqual([{ status: 'draft' }]);
  });

  it('says which required answers are missing, then submits once, telling the leader and the colleague, not the sender', async () => {
    const opened = await openReport(f.deps, lan);
    if (opened.kind !== 'started') throw new Error(opened.kind);
    expect(await sendReport(f.deps, lan, opened.report.id)).toEqual({
      kind: 'missing',
      labels: ['Số hội viên mới kết nạp', 'Kết quả nổi bật'],
    });
    expect(await f.queued()).toEqual([]);

    const reportId = opened.report.id;
    await saveAnswer(f.db, reportId, 'hoi_vien_moi', 12, lan.person.id, f.clock.now());
    await saveAnswer(f.db, reportId, 'noi_bat', 'Tổ hợp tác chăn nuôi bò', lan.person.id, f.clock.now());
    const sent = await sendReport(f.deps, lan, reportId);
    expect(sent).toMatchObject({ kind: 'submitted', reportId, unitName: 'Hội CCB tỉnh Hưng Yên', late: false });

    const queued = await f.queued();
    expect(queued.map((m) => m.chatId).sort()).toEqual([leader.person.chat_id, hoa.person.chat_id].sort());
    expect(queued.find((m) => m.chatId === leader.person.chat_id)!.text).toContain('Hội CCB tỉnh Hưng Yên');
    expect(queued.find((m) => m.chatId === hoa.person.chat_id)!.text).toContain('Lan');
    expect(
      await f.db.selectFrom('audit_log').select('action').where('action', '=', 'report.submit').execute(),
    ).toHaveLength(1);

    // A second tap (or the colleague's) sends nothing more.
    expect((await sendReport(f.deps, hoa, reportId)).kind).toBe('already');
    expect(await f.queued()).toHaveLength(2);
    expect((await openReport(f.deps, lan)).kind).toBe('submitted');
  });

  it("refuses another unit's report, someone reporting for no unit, and a period that has ended", async () => {
    const reportId = await answeredDraft();
    const minh = await f.member(301, 'Minh', 'TBH', 'contact');
    await expect(sendReport(f.deps, minh, reportId)).rejects.toBeInstanceOf(Stale);
    await expect(reportToView(f.deps, minh, reportId)).rejects.toBeInstanceOf(Stale);
    const stranger = { ...lan, reportingUnit: undefined, leaderOf: undefined };
    await expect(openReport(f.deps, stranger)).rejects.toBeInstanceOf(NotEntitled);
    await expect(reportHistory(f.deps, stranger)).rejects.toBeInstanceOf(NotEntitled);

    f.clock.set(new Date('2027-03-01T03:00:00Z'));
    await expect(sendReport(f.deps, lan, reportId)).rejects.toBeInstanceOf(PeriodClosed);
    const { period_id } = await f.db
      .selectFrom('reports')
      .select('period_id')
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    await expect(openReport(f.deps, lan, period_id)).rejects.toBeInstanceOf(PeriodClosed);
    expect(await f.queued()).toEqual([]);
  });

  it('corrects a sent report: the leader is told each change once, and a returned report counts as sent again', async () => {
    const reportId = await answeredDraft();
    await sendReport(f.deps, lan, reportId);
    await f.db.updateTable('reports').set({ review: 'returned' }).where('id', '=', reportId).execute();
    const before = (await f.queued()).length;

    await beginAmending(f.deps, lan, reportId);
    await saveAnswer(f.db, reportId, 'hoi_vien_moi', 15, lan.person.id, f.clock.now(), { status: 'submitted' });
    expect(await finishAmending(f.deps, lan, reportId)).toEqual({ kind: 'amended', toldNow: true, overwritten: [] });

    const told = (await f.queued()).slice(before);
    expect(told.map((m) => m.chatId).sort()).toEqual([leader.person.chat_id, hoa.person.chat_id].sort());
    expect(told.find((m) => m.chatId === leader.person.chat_id)!.text).toContain('15');
    const report = await f.db
      .selectFrom('reports')
      .select('review')
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    expect(report.review).toBeNull();
    expect(await f.db.selectFrom('conversations').selectAll().execute()).toEqual([]);

    // Nothing left untold: a second «Xong» tells no one.
    await beginAmending(f.deps, lan, reportId);
    expect(await finishAmending(f.deps, lan, reportId)).toEqual({ kind: 'no_changes' });
    expect(await f.queued()).toHaveLength(before + 2);

    // A colleague's untold change, finished by someone who changed nothing: told, and named.
    await saveAnswer(f.db, reportId, 'noi_bat', 'Mô hình mới', hoa.person.id, f.clock.now(), { status: 'submitted' });
    await beginAmending(f.deps, lan, reportId);
    expect(await finishAmending(f.deps, lan, reportId)).toEqual({ kind: 'others_told', others: ['Hoa'] });
  });

  it('keeps files with the draft and removes one, audited; a second removal removes nothing', async () => {
    const reportId = await answeredDraft();
    const file = {
      kind: 'document' as const,
      fileId: 'F1',
      fileName: 'bao-cao.pdf',
      fileSize: 100,
      caption: null,
      mediaGroupId: null,
    };
    const { attachmentId, album } = await attachFile(f.deps, lan, {
      reportId,
      amending: false,
      file,
      describe: describeFile,
    });
    expect(album).toBeUndefined();
    expect((await reportFiles(f.deps, hoa, reportId)).map((a) => a.fileName)).toEqual(['bao-cao.pdf']);

    const minh = await f.member(301, 'Minh', 'TBH', 'contact');
    await expect(
      removeFiles(f.deps, minh, { attachmentId, album: false, amending: false, describe: describeFile }),
    ).rejects.toBeInstanceOf(Stale);

    expect(
      (await removeFiles(f.deps, hoa, { attachmentId, album: false, amending: false, describe: describeFile })).map(
        (a) => a.id,
      ),
    ).toEqual([attachmentId]);
    expect(await reportFiles(f.deps, lan, reportId)).toEqual([]);
    expect(
      await removeFiles(f.deps, lan, { attachmentId, album: false, amending: false, describe: describeFile }),
    ).toEqual([]);
    expect(
      await f.db.selectFrom('audit_log').select('action').where('action', '=', 'report.attachment_remove').execute(),
    ).toHaveLength(1);
  });

  it('shows a sent report to its unit and to the leader, who alone may act on it; the unit lists its sent reports', async () => {
    const reportId = await answeredDraft();
    await expect(reportToView(f.deps, lan, reportId)).rejects.toBeInstanceOf(Stale);
    await sendReport(f.deps, lan, reportId);

    expect(await reportToView(f.deps, hoa, reportId)).toMatchObject({
      submittedBy: 'Lan',
      asLeader: false,
      shareable: false,
      amendable: true,
      feedback: [],
    });
    expect(await reportToView(f.deps, leader, reportId)).toMatchObject({
      unitName: 'Hội CCB tỉnh Hưng Yên',
      asLeader: true,
      shareable: true,
      amendable: false,
    });
    const history = await reportHistory(f.deps, hoa);
    expect(history).toEqual([{ reportId, name: expect.stringContaining('Báo cáo tháng') }]);
  });
});
