import { isLate } from '../../domain/periods.js';
import { reportName, vi } from '../../i18n/vi.js';
import { audit } from '../../store/audit.js';
import { findUnitById, loadTemplate } from '../../store/clusters.js';
import { clearConversation } from '../../store/conversations.js';
import { sendMessage } from '../../delivery/send.js';
import { findPersonById, leaderRecipients } from '../../store/people.js';
import { findPeriod, isOpen, openPeriods } from '../../store/periods.js';
import { findOrStartDraft, findReport, getReport, submitReport } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext, UnitRef } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { answerSections, askNext, missingLabels } from './report-form.js';

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
    target = { periodId: period.id, templateId: period.template_id, periodKey: period.key, deadline: period.deadline_at };
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
    target = { periodId: period.id, templateId: period.template_id, periodKey: period.key, deadline: period.deadline_at };
  }

  const existing = await findReport(db, target.periodId, unit.unitId);
  const template = await loadTemplate(db, existing?.template_id ?? target.templateId);
  const name = reportName(template.title, target.periodKey);
  if (existing?.status === 'submitted') {
    return void (await replyHtml(ctx, vi.report.alreadySubmitted(name, existing.submitted_at!), singleButton(vi.button.view, cb.reportView(existing.id))));
  }

  const report =
    existing ?? (await findOrStartDraft(db, { clusterId: unit.clusterId, periodId: target.periodId, unitId: unit.unitId, templateId: target.templateId, personId: ctx.actor!.person.id, now }));
  const me = ctx.actor!.person.id;
  if (!existing) {
    await replyHtml(ctx, vi.report.started(name, unit.unitName, target.deadline));
  } else if (existing.updated_by === me) {
    await ctx.reply(vi.report.resumed);
  } else {
    const other = await findPersonById(db, existing.updated_by);
    await replyHtml(ctx, vi.report.sharedDraft(name, other?.full_name ?? ''));
  }
  await askNext(ctx, { report, template });
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
  const template = await loadTemplate(db, report.template_id);
  const period = (await findPeriod(db, report.cluster_id, report.period_id))!;
  const unit = await findUnitById(db, report.unit_id);
  const submitter = report.submitted_by === null ? undefined : await findPersonById(db, report.submitted_by);
  await replyHtml(
    ctx,
    vi.report.view({
      name: reportName(template.title, period.key),
      unit: unit?.name ?? '',
      submittedAt: report.submitted_at!,
      late: isLate(report.submitted_at!, period.deadline_at),
      by: submitter?.full_name ?? '',
      sections: answerSections(template, report.answers),
    }),
  );
}

export async function submit(ctx: BotContext, reportId: number): Promise<void> {
  const { db, clock, log } = ctx.deps;
  const report = await getReport(db, reportId);
  const unit = ctx.actor?.reportingUnit;
  if (!report || !unit || report.unit_id !== unit.unitId) return void (await ctx.reply(vi.staleButton));
  const template = await loadTemplate(db, report.template_id);
  const period = (await findPeriod(db, unit.clusterId, report.period_id))!;
  const name = reportName(template.title, period.key);
  if (report.status === 'submitted') return void (await replyHtml(ctx, vi.report.alreadySubmitted(name, report.submitted_at!)));
  const now = clock.now();
  if (!isOpen(period, now)) return void (await ctx.reply(vi.report.periodClosed));
  const missing = missingLabels({ report, template });
  if (missing.length) return void (await replyHtml(ctx, vi.report.missingRequired(missing)));

  if (!(await submitReport(db, report.id, ctx.actor!.person.id, now))) {
    return void (await ctx.reply(vi.staleButton));
  }
  await clearConversation(db, ctx.actor!.person.id);
  const late = isLate(now, period.deadline_at);
  await audit(db, { clusterId: unit.clusterId, actorPersonId: ctx.actor!.person.id, actor: `person:${ctx.actor!.person.id}`, action: 'report.submit', details: { reportId, periodKey: period.key, late } });
  log.info('report submitted', { reportId, unitId: unit.unitId, periodKey: period.key, late });
  await replyHtml(ctx, vi.report.submitted(name, unit.unitName, now, late), singleButton(vi.button.view, cb.reportView(report.id)));
  notifyLeaders(ctx, unit, report.id, name, now, late);
}

function notifyLeaders(ctx: BotContext, unit: UnitRef, reportId: number, name: string, at: Date, late: boolean): void {
  const { db, send } = ctx.deps;
  ctx.deps.background(async () => {
    for (const leader of await leaderRecipients(db, unit.clusterId)) {
      if (leader.personId === ctx.actor?.person.id) continue;
      await sendMessage(ctx.telegram, leader.chatId, vi.report.leaderNotice(unit.unitName, name, at, late), singleButton(vi.button.view, cb.reportView(reportId)), send);
    }
  }, `notify leaders of ${name}`);
}

