import { missingRequired, nextStep, parseAnswer, type AnswerValue } from '../../domain/form.js';
import { formatNumber } from '../../domain/numbers.js';
import { isLate } from '../../domain/periods.js';
import { templateFields, type FieldDefinition, type TemplateDefinition } from '../../domain/template.js';
import { reportName, vi } from '../../i18n/vi.js';
import { audit } from '../../store/audit.js';
import { loadTemplate } from '../../store/clusters.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { sendMessage } from '../../delivery/send.js';
import { findPersonById, leaderRecipients } from '../../store/people.js';
import { findPeriod, isOpen, openPeriods } from '../../store/periods.js';
import { findOrStartDraft, findReport, getReport, saveAnswer, submitReport, type ReportRow } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext, UnitRef } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { replyHtml } from '../reply.js';

type ReportState = Extract<ConversationState, { kind: 'report' }>;

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
  if (existing?.status === 'submitted') return void (await replyHtml(ctx, vi.report.alreadySubmitted(name, existing.submitted_at!)));

  const report =
    existing ?? (await findOrStartDraft(db, { clusterId: unit.clusterId, periodId: target.periodId, unitId: unit.unitId, templateId: target.templateId, personId: ctx.actor!.person.id, now }));
  if (existing) {
    await ctx.reply(vi.report.resumed);
    if (existing.updated_by !== ctx.actor!.person.id) {
      const other = await findPersonById(db, existing.updated_by);
      if (other) await replyHtml(ctx, vi.report.editingByOther(other.full_name));
    }
  } else {
    await replyHtml(ctx, vi.report.started(name, unit.unitName, target.deadline));
  }
  const state: ReportState = { kind: 'report', reportId: report.id };
  await setConversation(db, ctx.actor!.person.id, state, now);
  await askNext(ctx, report, template, state);
}

/** The person comes back to a report left hours ago: offer to continue rather than guess. */
export async function offerResume(ctx: BotContext): Promise<void> {
  await ctx.reply(vi.report.resumeOffer, singleButton(vi.button.resume, cb.menu('report')));
}

/** A typed answer while filling a report. */
export async function answerReport(ctx: BotContext, state: ReportState, text: string): Promise<void> {
  const loaded = await loadOwnDraft(ctx, state.reportId);
  if (!loaded) return;
  const { report, template } = loaded;
  const field = currentField(template, report, state);
  if (!field) return askNext(ctx, report, template, state);

  const parsed = parseAnswer(field, text);
  if (!parsed.ok) return void (await replyHtml(ctx, vi.report.problem(parsed.problem, field)));
  await storeAnswer(ctx, report, template, state, field.key, parsed.value);
}

export async function skipField(ctx: BotContext, state: ConversationState | undefined, reportId: number, key: string): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (!loaded) return;
  const { report, template } = loaded;
  const activeState = state?.kind === 'report' && state.reportId === reportId ? state : { kind: 'report' as const, reportId };
  const field = currentField(template, report, activeState);
  if (!field || field.key !== key || field.required) return void (await ctx.reply(vi.staleButton));
  await storeAnswer(ctx, report, template, activeState, key, null);
}

export async function keepAnswer(ctx: BotContext, reportId: number): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (!loaded) return;
  const state: ReportState = { kind: 'report', reportId };
  await setConversation(ctx.deps.db, ctx.actor!.person.id, state, ctx.deps.clock.now());
  await askNext(ctx, loaded.report, loaded.template, state);
}

export async function chooseFieldToEdit(ctx: BotContext, reportId: number): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (!loaded) return;
  const buttons = templateFields(loaded.template).map(({ field, position }) => ({ text: `${position}. ${field.label}`, data: cb.reportField(reportId, field.key) }));
  await ctx.reply(vi.report.chooseFieldToEdit, buttonRows(buttons));
}

export async function editField(ctx: BotContext, reportId: number, key: string): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (!loaded) return;
  if (!templateFields(loaded.template).some(({ field }) => field.key === key)) return void (await ctx.reply(vi.staleButton));
  const state: ReportState = { kind: 'report', reportId, editing: key };
  await setConversation(ctx.deps.db, ctx.actor!.person.id, state, ctx.deps.clock.now());
  await askNext(ctx, loaded.report, loaded.template, state);
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
  const missing = missingRequired(template, report.answers);
  if (missing.length) return void (await replyHtml(ctx, vi.report.missingRequired(missing.map((f) => f.label))));

  if (!(await submitReport(db, report.id, ctx.actor!.person.id, now))) {
    return void (await ctx.reply(vi.staleButton));
  }
  await clearConversation(db, ctx.actor!.person.id);
  const late = isLate(now, period.deadline_at);
  await audit(db, { clusterId: unit.clusterId, actorPersonId: ctx.actor!.person.id, actor: `person:${ctx.actor!.person.id}`, action: 'report.submit', details: { reportId, periodKey: period.key, late } });
  log.info('report submitted', { reportId, unitId: unit.unitId, periodKey: period.key, late });
  await replyHtml(ctx, vi.report.submitted(name, unit.unitName, now, late));
  notifyLeaders(ctx, unit, name, now, late);
}

function notifyLeaders(ctx: BotContext, unit: UnitRef, name: string, at: Date, late: boolean): void {
  const { db, send } = ctx.deps;
  ctx.deps.background(async () => {
    for (const leader of await leaderRecipients(db, unit.clusterId)) {
      if (leader.personId === ctx.actor?.person.id) continue;
      await sendMessage(ctx.telegram, leader.chatId, vi.report.leaderNotice(unit.unitName, name, at, late), {}, send);
    }
  }, `notify leaders of ${name}`);
}

async function storeAnswer(ctx: BotContext, report: ReportRow, template: TemplateDefinition, state: ReportState, key: string, value: AnswerValue): Promise<void> {
  const { db, clock } = ctx.deps;
  if (!(await saveAnswer(db, report.id, key, value, ctx.actor!.person.id, clock.now()))) return void (await ctx.reply(vi.staleButton));
  const next: ReportState = { kind: 'report', reportId: report.id };
  await setConversation(db, ctx.actor!.person.id, next, ctx.deps.clock.now());
  await askNext(ctx, { ...report, answers: { ...report.answers, [key]: value } }, template, next);
}

/** The report, if it is a draft of the person's own unit in a period still open. */
async function loadOwnDraft(ctx: BotContext, reportId: number): Promise<{ report: ReportRow; template: TemplateDefinition } | undefined> {
  const { db, clock } = ctx.deps;
  const unit = ctx.actor?.reportingUnit;
  const report = await getReport(db, reportId);
  if (!unit || !report || report.unit_id !== unit.unitId) {
    await clearIfStale(ctx);
    await ctx.reply(vi.staleButton);
    return undefined;
  }
  const template = await loadTemplate(db, report.template_id);
  const period = (await findPeriod(db, unit.clusterId, report.period_id))!;
  if (report.status === 'submitted') {
    await clearIfStale(ctx);
    await replyHtml(ctx, vi.report.alreadySubmitted(reportName(template.title, period.key), report.submitted_at!));
    return undefined;
  }
  if (!isOpen(period, clock.now())) {
    await clearIfStale(ctx);
    await ctx.reply(vi.report.periodClosed);
    return undefined;
  }
  return { report, template };
}

async function clearIfStale(ctx: BotContext): Promise<void> {
  if (ctx.actor) await clearConversation(ctx.deps.db, ctx.actor.person.id);
}

function currentField(template: TemplateDefinition, report: ReportRow, state: ReportState): FieldDefinition | undefined {
  if (state.editing) return templateFields(template).find(({ field }) => field.key === state.editing)?.field;
  const step = nextStep(template, report.answers);
  return step.kind === 'question' ? step.item.field : undefined;
}

async function askNext(ctx: BotContext, report: ReportRow, template: TemplateDefinition, state: ReportState): Promise<void> {
  const fields = templateFields(template);
  const editing = state.editing ? fields.find(({ field }) => field.key === state.editing) : undefined;
  const step = editing ? { kind: 'question' as const, item: editing, total: fields.length } : nextStep(template, report.answers);

  if (step.kind === 'question') {
    const { field, sectionTitle, position } = step.item;
    const buttons = [];
    if (editing) buttons.push({ text: vi.button.keep, data: cb.reportKeep(report.id) });
    else if (!field.required) buttons.push({ text: vi.button.skip, data: cb.reportSkip(report.id, field.key) });
    const current = editing ? formatAnswer(report.answers[field.key], field) : undefined;
    await replyHtml(ctx, vi.report.question({ position, total: step.total, section: sectionTitle, field, current }), buttons.length ? buttonRows(buttons) : undefined);
    return;
  }

  const unit = ctx.actor!.reportingUnit!;
  const period = (await findPeriod(ctx.deps.db, unit.clusterId, report.period_id))!;
  const sections = template.sections.map((section) => ({
    title: section.title,
    lines: section.fields.map((field) => ({ label: field.label, value: shorten(formatAnswer(report.answers[field.key], field) ?? vi.report.skipped) })),
  }));
  await replyHtml(
    ctx,
    vi.report.review(reportName(template.title, period.key), unit.unitName, sections),
    buttonRows([
      { text: vi.button.submit, data: cb.reportSubmit(report.id) },
      { text: vi.button.edit, data: cb.reportEdit(report.id) },
    ]),
  );
}

/** The review lists every answer; a long text shows its beginning so the list stays readable. */
const REVIEW_TEXT_LIMIT = 300;
function shorten(text: string): string {
  return text.length > REVIEW_TEXT_LIMIT ? `${text.slice(0, REVIEW_TEXT_LIMIT).trimEnd()}…` : text;
}

function formatAnswer(value: AnswerValue | undefined, field: FieldDefinition): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return `${formatNumber(value)}${'unit' in field && field.unit ? ` ${field.unit}` : ''}`;
  return value;
}
