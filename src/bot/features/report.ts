import { isLate } from '../../domain/periods.js';
import { canAmend } from '../../domain/review.js';
import { shareableAnswers } from '../../domain/share.js';
import { templateDefinitionSchema, type TemplateDefinition } from '../../domain/template.js';
import { reportName, vi } from '../../i18n/vi.js';
import { audit } from '../../store/audit.js';
import { findUnitById, loadTemplate } from '../../store/clusters.js';
import { clearConversation, setConversation } from '../../store/conversations.js';
import { listFeedbackWithAcks } from '../../store/feedback.js';
import { feedbackButtons } from './feedback.js';
import { findPersonById } from '../../store/people.js';
import { unitTerms } from '../../store/overrides.js';
import { findPeriod, isOpen, openPeriods } from '../../store/periods.js';
import {
  attachmentsOf,
  findOrStartDraft,
  findReport,
  type ReportRow,
  getReport,
  lastRevisionId,
  revisionsOf,
  submittedReports,
  submitReport,
} from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { answerSections, askNext, attachmentName, loadEditable, missingLabels, onReportNavigation, submittedButtons } from './report-form.js';
import { coContactNotices, describeRevisions, leaderNotices } from './report-notices.js';
import { fileCaption } from './report-files.js';
import { reportContext } from './report-context.js';

/** Opens (or resumes) the unit's report: for the given period, or the one open now. */
export async function startReport(ctx: BotContext, periodId?: number): Promise<void> {
  const { db, clock } = ctx.deps;
  const unit = ctx.actor?.reportingUnit;
  if (!unit) return void (await ctx.reply(vi.notAContact));
  const now = clock.now();

  let target: { periodId: number; templateId: number; periodKey: string; deadline: Date } | undefined;
  if (periodId !== undefined) {
    const period = await findPeriod(db, unit.clusterId, periodId);
    if (!period || !isOpen(period, now)) return void (await ctx.reply(vi.report.periodClosed));
    target = { periodId: period.id, templateId: period.template_id, periodKey: period.key, deadline: (await unitTerms(db, period, unit.unitId)).deadlineAt };
  } else {
    const open = await openPeriods(db, unit.clusterId, now);
    if (open.length === 0) return void (await ctx.reply(vi.report.noOpenPeriod));
    if (open.length > 1) {
      return void (await ctx.reply(
        vi.report.choosePeriod,
        buttonRows(open.map(({ period, schedule }) => ({ text: reportName(schedule.template.definition.title, period.key), data: cb.reportStart(period.id) }))),
      ));
    }
    const { period } = open[0]!;
    target = { periodId: period.id, templateId: period.template_id, periodKey: period.key, deadline: (await unitTerms(db, period, unit.unitId)).deadlineAt };
  }

  const existing = await findReport(db, target.periodId, unit.unitId);
  const template = await loadTemplate(db, existing?.template_id ?? target.templateId);
  const name = reportName(template.title, target.periodKey);
  if (existing?.status === 'submitted') {
    const open = canAmend(existing, target.deadline, now);
    const text = open ? vi.report.alreadySubmitted(name, existing.submitted_at!) : vi.report.readOnly(name, existing.submitted_at!, existing.review === 'accepted');
    return void (await replyHtml(ctx, text, buttonRows(submittedButtons(existing.id, open))));
  }

  const report =
    existing ?? (await findOrStartDraft(db, { clusterId: unit.clusterId, periodId: target.periodId, unitId: unit.unitId, templateId: target.templateId, personId: ctx.actor!.person.id, now }));
  const me = ctx.actor!.person.id;
  if (!existing) {
    await replyHtml(ctx, vi.report.started(name, unit.unitName, target.deadline, now.getTime() > target.deadline.getTime()));
  } else if (existing.updated_by === me) {
    await ctx.reply(vi.report.resumed);
  } else {
    const other = await findPersonById(db, existing.updated_by);
    await replyHtml(ctx, vi.report.sharedDraft(name, other?.full_name ?? ''));
  }
  await askNext(ctx, { report, template, amending: false, periodKey: target.periodKey });
}

/** The person comes back to a report left hours ago: offer to continue rather than guess. */
export async function offerResume(ctx: BotContext): Promise<void> {
  await ctx.reply(vi.report.resumeOffer, singleButton(vi.button.resume, cb.menu('report')));
}

/** A submitted report, read-only: for the leader of its cluster and for its own unit. */
export async function showReport(ctx: BotContext, reportId: number): Promise<void> {
  const { db } = ctx.deps;
  const report = await getReport(db, reportId);
  const actor = ctx.actor!;
  const allowed = report && (actor.leaderOf?.clusterId === report.cluster_id || actor.reportingUnit?.unitId === report.unit_id);
  if (!report || !allowed || report.status !== 'submitted') return void (await ctx.reply(vi.staleButton));
  const { template, period, name } = await reportContext(db, report);
  const unit = await findUnitById(db, report.unit_id);
  const submitter = report.submitted_by === null ? undefined : await findPersonById(db, report.submitted_by);
  const { deadlineAt } = await unitTerms(db, period, report.unit_id);
  const attachments = await attachmentsOf(db, report.id);
  await replyHtml(
    ctx,
    vi.report.view({
      name,
      unit: unit?.name ?? '',
      submittedAt: report.submitted_at!,
      late: isLate(report.submitted_at!, deadlineAt),
      by: submitter?.full_name ?? '',
      sections: answerSections(template, report.answers),
      attachments: attachments.map(attachmentName),
      revisions: await describeRevisions(ctx, template, await revisionsOf(db, report.id)),
      review: report.review,
    }) + (await feedbackLines(ctx, report)),
    reportViewButtons(ctx, report, template, deadlineAt),
  );
  // The files themselves, re-sent by their Telegram file id (no download needed), each naming
  // the unit and the report (a file seen later, or forwarded, still says whose it is).
  for (const [i, file] of attachments.entries()) {
    const caption = fileCaption(unit?.name ?? '', name, i + 1, attachments.length, file.caption);
    if (file.kind === 'photo') await ctx.replyWithPhoto(file.fileId, { caption, parse_mode: 'HTML' });
    else await ctx.replyWithDocument(file.fileId, { caption, parse_mode: 'HTML' });
  }
}

/** For the leader, under the report: the feedback given on it and who of the unit pressed "Đã nhận". */
async function feedbackLines(ctx: BotContext, report: ReportRow): Promise<string> {
  if (ctx.actor!.leaderOf?.clusterId !== report.cluster_id) return '';
  const items = await listFeedbackWithAcks(ctx.deps.db, report.id);
  return items.length ? `\n\n${vi.feedback.acks(items)}` : '';
}

/**
 * Under a report: for the leader, the verdict, a comment, sharing a written answer with
 * the other units and the way back to the period's units; for the unit's own contacts,
 * "Sửa báo cáo" while allowed.
 */
function reportViewButtons(ctx: BotContext, report: ReportRow, template: TemplateDefinition, deadlineAt: Date) {
  const actor = ctx.actor!;
  const buttons: { text: string; data: string }[] = [];
  if (actor.leaderOf?.clusterId === report.cluster_id) {
    if (report.review !== 'accepted') buttons.push({ text: vi.button.accept, data: feedbackButtons.start.data('accept', report.id) }, { text: vi.button.sendBack, data: feedbackButtons.start.data('return', report.id) });
    buttons.push({ text: vi.button.comment, data: feedbackButtons.start.data('comment', report.id) });
    if (shareableAnswers(template, report.answers).length) buttons.push({ text: vi.button.share, data: cb.shareFields(report.id) });
    buttons.push({ text: vi.button.backToUnits, data: cb.browseUnits(report.period_id) });
  }
  if (actor.reportingUnit?.unitId === report.unit_id && canAmend(report, deadlineAt, ctx.deps.clock.now())) buttons.push(...submittedButtons(report.id, true).slice(1));
  return buttons.length ? buttonRows(buttons) : undefined;
}

/** Corrects a submitted report before the deadline: each change is recorded and the leader told. */
export async function startAmending(ctx: BotContext, reportId: number): Promise<void> {
  const { db, clock } = ctx.deps;
  const report = await getReport(db, reportId);
  if (!report || report.unit_id !== ctx.actor?.reportingUnit?.unitId) return void (await ctx.reply(vi.staleButton));
  const now = clock.now();
  // Opening the session first lets loadEditable accept the submitted report.
  // The last revision before the session: «Xong» tells the person which changes were theirs in it.
  if (report.status === 'submitted') await setConversation(db, ctx.actor.person.id, { kind: 'report', reportId, editing: false, since: now.toISOString(), sinceRevision: await lastRevisionId(db, reportId) }, now);
  const draft = await loadEditable(ctx, reportId);
  if (!draft) return;
  if (!draft.amending) return askNext(ctx, draft);
  await ctx.reply(vi.report.amendIntro);
  await onReportNavigation(ctx, undefined, reportId, 'edit');
}

/** The unit's submitted reports, each one tap from its content. */
export async function showHistory(ctx: BotContext): Promise<void> {
  const unit = ctx.actor?.reportingUnit;
  if (!unit) return void (await ctx.reply(vi.notAContact));
  const rows = await submittedReports(ctx.deps.db, unit.unitId);
  if (rows.length === 0) return void (await ctx.reply(vi.report.historyEmpty));
  const buttons = rows.map((r) => ({ text: `📄 ${reportName(templateDefinitionSchema.parse(r.definition).title, r.key)}`, data: cb.reportView(r.id) }));
  await ctx.reply(vi.report.historyTitle, buttonRows(buttons));
}

/** Files sent while a report is open: see report-files.ts. */
export { attachFile } from './report-files.js';

export async function submit(ctx: BotContext, reportId: number): Promise<void> {
  const { db, clock, log } = ctx.deps;
  const report = await getReport(db, reportId);
  const unit = ctx.actor?.reportingUnit;
  if (!report || !unit || report.unit_id !== unit.unitId) return void (await ctx.reply(vi.staleButton));
  const { template, period, name } = await reportContext(db, report);
  if (report.status === 'submitted') return void (await replyHtml(ctx, vi.report.alreadySubmitted(name, report.submitted_at!)));
  const now = clock.now();
  if (!isOpen(period, now)) return void (await ctx.reply(vi.report.periodClosed));
  const missing = missingLabels({ report, template, amending: false, periodKey: period.key });
  if (missing.length) return void (await replyHtml(ctx, vi.report.missingRequired(missing)));

  const late = isLate(now, (await unitTerms(db, period, unit.unitId)).deadlineAt);
  // Submitted, recorded and announced to the leader together: a crash cannot keep the notice back.
  const submitted = await ctx.deps.outbox.withQueue(async (trx, queue) => {
    if (!(await submitReport(trx, report.id, ctx.actor!.person.id, now))) return false;
    await clearConversation(trx, ctx.actor!.person.id);
    await audit(trx, { clusterId: unit.clusterId, actorPersonId: ctx.actor!.person.id, actor: `person:${ctx.actor!.person.id}`, action: 'report.submit', details: { reportId, periodKey: period.key, late } });
    await queue(await leaderNotices(trx, ctx, unit, vi.report.leaderNotice(unit.unitName, name, now, late), report.id));
    // The unit's other contacts learn that a colleague sent it (and need not send it again).
    await queue(await coContactNotices(trx, ctx, unit, vi.report.coContactSubmitted(ctx.actor!.person.full_name, unit.unitName, name, now, late), report.id));
    return true;
  });
  if (!submitted) return void (await ctx.reply(vi.staleButton));
  log.info('report submitted', { reportId, unitId: unit.unitId, periodKey: period.key, late });
  await replyHtml(ctx, vi.report.submitted(name, unit.unitName, now, late), buttonRows(submittedButtons(report.id, !late)));
}

