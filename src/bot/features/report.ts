/**
 * "📝 Báo cáo": a unit's report as a whole. Opening (or resuming) it for a period, sending it,
 * reading a sent one back (the unit's own, or any of the cluster for the leader), correcting
 * it before the deadline, the unit's history of sent reports, and the files kept with it.
 * Answering the questions one by one is the form's (report-form.ts); the workflows and their
 * rights are services/reports.ts.
 */
import { vi } from '../../i18n/vi.js';
import {
  beginAmending,
  openReport,
  reportHistory,
  reportToView,
  sendReport,
  type ReportView,
} from '../../services/reports.js';
import { reportActionButton, reportStartButton } from '../../services/report-buttons.js';
import { menuItemData } from '../../services/menu.js';
import { periodUnitsButton } from './browse-buttons.js';
import { feedbackButtons } from './feedback.js';
import type { BotContext } from '../context.js';
import { Feature, incomingFile } from '../feature.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { periodGuard } from '../period-buttons.js';
import { answeringRefusals } from '../refusals.js';
import { replyHtml } from '../reply.js';
import {
  answerSections,
  askNext,
  attachmentName,
  loadEditable,
  onReportNavigation,
  submittedButtons,
} from './report-form.js';
import { finishAmending } from './report-amended.js';
import { attachFile, chooseFileToRemove, fileCaption, removeReportFile, reportFileButtons } from './report-files.js';
import { shareButtons } from './share.js';

export const report = new Feature('report')
  .onMenu('report', (ctx) => startReport(ctx))
  .onCommand('baocao', (ctx) => startReport(ctx))
  .onMenu('history', showHistory)
  .onButton(reportStartButton, (ctx, [periodId]) => startReport(ctx, periodId), {
    guard: periodGuard,
  })
  .onButton(reportActionButton, async (ctx, [action, reportId]) => {
    switch (action) {
      case 'submit':
        return submit(ctx, reportId);
      case 'view':
        return showReport(ctx, reportId);
      case 'amend':
        return startAmending(ctx, reportId);
      case 'finish':
        return finishAmending(ctx, reportId);
    }
  })
  .onButton(reportFileButtons.remove, (ctx, [action, attachmentId]) =>
    removeReportFile(ctx, attachmentId, action === 'g'),
  )
  .onButton(reportFileButtons.list, (ctx, [reportId]) => chooseFileToRemove(ctx, reportId))
  // A photo or document with no prompt taking it goes into the open report (report-files.ts).
  .use(async (ctx, next) => {
    const file = incomingFile(ctx);
    return file ? attachFile(ctx, file) : next();
  });

/** Opens (or resumes) the unit's report: for the given period, or the one open now. */
export async function startReport(ctx: BotContext, periodId?: number): Promise<void> {
  const result = await openReport(ctx.deps, ctx.actor!, periodId);
  switch (result.kind) {
    case 'no_open_period':
      return void (await ctx.reply(vi.report.noOpenPeriod));
    case 'choose':
      return void (await ctx.reply(
        vi.report.choosePeriod,
        buttonRows(result.periods.map((p) => ({ text: p.name, data: reportStartButton.data(p.periodId) }))),
      ));
    case 'submitted': {
      const { report, name, amendable, accepted } = result;
      const text = amendable
        ? vi.report.alreadySubmitted(name, report.submitted_at!)
        : vi.report.readOnly(name, report.submitted_at!, accepted);
      return void (await replyHtml(ctx, text, buttonRows(submittedButtons(report.id, amendable))));
    }
    case 'started':
      await replyHtml(ctx, vi.report.started(result.name, result.unitName, result.deadline, result.late));
      break;
    case 'resumed':
      await ctx.reply(vi.report.resumed);
      break;
    case 'shared':
      await replyHtml(ctx, vi.report.sharedDraft(result.name, result.by));
      break;
  }
  await askNext(ctx, {
    report: result.report,
    template: result.template,
    amending: false,
    periodKey: result.periodKey,
  });
}

/** The person comes back to a report left hours ago: offer to continue rather than guess. */
export async function offerResume(ctx: BotContext): Promise<void> {
  await ctx.reply(vi.report.resumeOffer, singleButton(vi.button.resume, menuItemData('report')));
}

/** A submitted report, read-only: for the leader of its cluster and for its own unit (browse.ts opens it too). */
export async function showReport(ctx: BotContext, reportId: number): Promise<void> {
  await answeringRefusals(ctx, () => renderReport(ctx, reportId));
}

async function renderReport(ctx: BotContext, reportId: number): Promise<void> {
  const view = await reportToView(ctx.deps, ctx.actor!, reportId);
  const { report, name, unitName, attachments } = view;
  await replyHtml(
    ctx,
    vi.report.view({
      name,
      unit: unitName,
      submittedAt: report.submitted_at!,
      late: view.late,
      by: view.submittedBy,
      sections: answerSections(view.template, report.answers),
      attachments: attachments.map(attachmentName),
      revisions: view.revisions,
      review: report.review,
    }) + (view.feedback.length ? `\n\n${vi.feedback.acks(view.feedback)}` : ''),
    reportViewButtons(view),
  );
  // The files themselves, re-sent by their Telegram file id (no download needed), each naming
  // the unit and the report (a file seen later, or forwarded, still says whose it is).
  for (const [i, file] of attachments.entries()) {
    const caption = fileCaption(unitName, name, i + 1, attachments.length, file.caption);
    if (file.kind === 'photo') await ctx.replyWithPhoto(file.fileId, { caption, parse_mode: 'HTML' });
    else await ctx.replyWithDocument(file.fileId, { caption, parse_mode: 'HTML' });
  }
}

/**
 * Under a report: for the leader, the verdict, a comment, sharing a written answer with
 * the other units and the way back to the period's units; for the unit's own contacts,
 * "Sửa báo cáo" while allowed.
 */
function reportViewButtons({ report, asLeader, shareable, amendable }: ReportView) {
  const buttons: { text: string; data: string }[] = [];
  if (asLeader) {
    if (report.review !== 'accepted')
      buttons.push(
        { text: vi.button.accept, data: feedbackButtons.start.data('accept', report.id) },
        { text: vi.button.sendBack, data: feedbackButtons.start.data('return', report.id) },
      );
    buttons.push({ text: vi.button.comment, data: feedbackButtons.start.data('comment', report.id) });
    if (shareable) buttons.push({ text: vi.button.share, data: shareButtons.fields.data(report.id) });
    buttons.push({ text: vi.button.backToUnits, data: periodUnitsButton.data(report.period_id) });
  }
  if (amendable) buttons.push(...submittedButtons(report.id, true).slice(1));
  return buttons.length ? buttonRows(buttons) : undefined;
}

/** Corrects a submitted report before the deadline: each change is recorded and the leader told at «Xong». */
export async function startAmending(ctx: BotContext, reportId: number): Promise<void> {
  // Opening the session first lets loadEditable accept the submitted report.
  await beginAmending(ctx.deps, ctx.actor!, reportId);
  const draft = await loadEditable(ctx, reportId);
  if (!draft) return;
  if (!draft.amending) return askNext(ctx, draft);
  await ctx.reply(vi.report.amendIntro);
  await onReportNavigation(ctx, undefined, reportId, 'edit');
}

/** The unit's submitted reports, each one tap from its content. */
export async function showHistory(ctx: BotContext): Promise<void> {
  const reports = await reportHistory(ctx.deps, ctx.actor!);
  if (reports.length === 0) return void (await ctx.reply(vi.report.historyEmpty));
  await ctx.reply(
    vi.report.historyTitle,
    buttonRows(reports.map((r) => ({ text: `📄 ${r.name}`, data: reportActionButton.data('view', r.reportId) }))),
  );
}

/** «📤 Gửi báo cáo»: sent, or why not (sent already, questions left). */
export async function submit(ctx: BotContext, reportId: number): Promise<void> {
  const result = await sendReport(ctx.deps, ctx.actor!, reportId);
  switch (result.kind) {
    case 'already':
      return void (await replyHtml(ctx, vi.report.alreadySubmitted(result.name, result.submittedAt)));
    case 'missing':
      return void (await replyHtml(ctx, vi.report.missingRequired(result.labels)));
    case 'submitted':
      return void (await replyHtml(
        ctx,
        vi.report.submitted(result.name, result.unitName, result.at, result.late),
        buttonRows(submittedButtons(result.reportId, !result.late)),
      ));
  }
}

/** Files sent while a report is open: see report-files.ts. */
