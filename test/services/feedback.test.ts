import { beforeEach, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { NotEntitled, Stale } from '../../src/services/errors.js';
import { acknowledgeFeedback, commentTarget, giveFeedback, startFeedback } from '../../src/services/feedback.js';
import { openPeriods } from '../../src/store/periods.js';
import { findOrStartDraft, findReportById, saveAnswer, submitReport } from '../../src/store/reports.js';
import { fixturePerTest } from '../support/services.js';

describe('feedback service', () => {
  let reportId: number;
  const f = fixturePerTest({ now: '2026-11-20T03:00:00Z' });
  const leader = perTest(() => f.member(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => f.member(201, 'Lan', 'HYN', 'contact'));
  beforeEach(async () => {
    const { period } = (await openPeriods(f.db, f.clusterId, f.clock.now()))[0]!;
    const report = await findOrStartDraft(f.db, {
      clusterId: f.clusterId,
      periodId: period.id,
      unitId: await f.unitId('HYN'),
      templateId: period.template_id,
      personId: lan.person.id,
      now: f.clock.now(),
    });
    await saveAnswer(f.db, report.id, 'hoi_vien_moi', 12, lan.person.id, f.clock.now());
    await submitReport(f.db, report.id, lan.person.id, f.clock.now());
    reportId = report.id;
  });

  it('accepts a report once, tells the unit, and takes each contact\'s "Đã nhận" once', async () => {
    const start = await startFeedback(f.deps, leader, reportId, 'accept');
    expect(start.next).toBe('given');
    expect((await findReportById(f.db, reportId))?.review).toBe('accepted');
    const [notice] = await f.queued();
    expect(notice).toMatchObject({ chatId: 201 });
    expect(notice!.text).toContain('Đạt');
    await expect(startFeedback(f.deps, leader, reportId, 'return')).rejects.toEqual(new Stale('already_accepted'));

    const feedbackId = start.next === 'given' ? start.given.feedbackId : 0;
    expect(await acknowledgeFeedback(f.deps, lan, feedbackId)).toBe('recorded');
    expect(await acknowledgeFeedback(f.deps, lan, feedbackId)).toBe('already');
    const hoa = await f.member(301, 'Hoa', 'TBH', 'contact');
    expect(await acknowledgeFeedback(f.deps, hoa, feedbackId)).toBe('not_theirs');
  });

  it('comments on one answer, quoting it, and asks the reason before sending back', async () => {
    const start = await startFeedback(f.deps, leader, reportId, 'comment');
    expect(start.next === 'target' && start.fields.map((x) => x.key)).toContain('hoi_vien_moi');
    const field = await commentTarget(f.deps, leader, reportId, 'hoi_vien_moi');
    expect(field?.value).toBe('12 người');
    const given = await giveFeedback(f.deps, leader, {
      reportId,
      kind: 'comment',
      body: 'Số liệu tốt.',
      fieldKey: 'hoi_vien_moi',
    });
    expect(given).toMatchObject({ kind: 'comment', fieldLabel: field!.label });
    expect((await f.queued()).at(-1)!.text).toContain('Số liệu tốt.');
    await expect(commentTarget(f.deps, leader, reportId, 'khong_co')).rejects.toEqual(new Stale('field'));

    expect(await startFeedback(f.deps, leader, reportId, 'return')).toEqual({ next: 'reason' });
    await giveFeedback(f.deps, leader, { reportId, kind: 'return', body: 'Thiếu số liệu.' });
    expect((await findReportById(f.db, reportId))?.review).toBe('returned');
  });

  it('refuses a contact and a report of no submitted state', async () => {
    await expect(startFeedback(f.deps, lan, reportId, 'accept')).rejects.toBeInstanceOf(NotEntitled);
    await expect(giveFeedback(f.deps, lan, { reportId, kind: 'comment', body: 'x' })).rejects.toBeInstanceOf(
      NotEntitled,
    );
    await expect(startFeedback(f.deps, leader, 999_999, 'accept')).rejects.toEqual(new Stale('report'));
    expect(await f.queued()).toEqual([]);
  });
});
