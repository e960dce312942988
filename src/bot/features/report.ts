import { missingRequired, nextStep, parseAnswer, type Answers, type AnswerValue } from '../../domain/form.js';
import { formatNumber } from '../../domain/numbers.js';
import { isLate } from '../../domain/periods.js';
import { templateFields, type FieldDefinition, type TemplateDefinition } from '../../domain/template.js';
import { reportName, vi } from '../../i18n/vi.js';
import { audit } from '../../store/audit.js';
import { findUnitById, loadTemplate } from '../../store/clusters.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { sendMessage } from '../../delivery/send.js';
import { findPersonById, leaderRecipients } from '../../store/people.js';
import { findPeriod, isOpen, openPeriods } from '../../store/periods.js';
import { findOrStartDraft, findReport, getReport, saveAnswer, submitReport, type ReportRow } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext, UnitRef } from '../context.js';
import { buttonRows, singleButton, type Keyboard } from '../keyboards.js';
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
  await askNext(ctx, report, template);
}

/** The person comes back to a report left hours ago: offer to continue rather than guess. */
export async function offerResume(ctx: BotContext): Promise<void> {
  await ctx.reply(vi.report.resumeOffer, singleButton(vi.button.resume, cb.menu('report')));
}

/** A typed answer while filling a report: it goes to the question on the person's screen. */
export async function answerReport(ctx: BotContext, state: ReportState, text: string): Promise<void> {
  const loaded = await loadOwnDraft(ctx, state.reportId);
  if (!loaded) return;
  const { report, template } = loaded;
  const field = state.field ? findField(template, state.field) : undefined;
  if (!field) return askNext(ctx, report, template);
  if (await answeredMeanwhile(ctx, report, template, state, field)) return;

  const parsed = parseAnswer(field, text);
  if (!parsed.ok) return void (await replyHtml(ctx, vi.report.problem(parsed.problem, field), questionButtons(report, field, state.editing)));
  await storeAnswer(ctx, report, template, field.key, parsed.value);
}

export async function skipField(ctx: BotContext, state: ConversationState | undefined, reportId: number, key: string): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (!loaded) return;
  const { report, template } = loaded;
  const field = findField(template, key);
  const onScreen = state?.kind === 'report' && state.reportId === reportId && state.field === key ? state : undefined;
  if (!field || field.required || !onScreen) return void (await ctx.reply(vi.staleButton));
  if (await answeredMeanwhile(ctx, report, template, onScreen, field)) return;
  await storeAnswer(ctx, report, template, key, null);
}

export async function keepAnswer(ctx: BotContext, reportId: number): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (loaded) await askNext(ctx, loaded.report, loaded.template);
}

export async function chooseFieldToEdit(ctx: BotContext, reportId: number): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (!loaded) return;
  const buttons = templateFields(loaded.template).map(({ field, position }) => ({ text: `${position}. ${shortLabel(field.label)}`, data: cb.reportField(reportId, field.key) }));
  buttons.push({ text: vi.button.back, data: cb.reportKeep(reportId) });
  await ctx.reply(vi.report.chooseFieldToEdit, buttonRows(buttons));
}

export async function editField(ctx: BotContext, reportId: number, key: string): Promise<void> {
  const loaded = await loadOwnDraft(ctx, reportId);
  if (!loaded) return;
  if (!findField(loaded.template, key)) return void (await ctx.reply(vi.staleButton));
  await askNext(ctx, loaded.report, loaded.template, key);
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
  const missing = missingRequired(template, report.answers);
  if (missing.length) return void (await replyHtml(ctx, vi.report.missingRequired(missing.map((f) => f.label))));

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

async function storeAnswer(ctx: BotContext, report: ReportRow, template: TemplateDefinition, key: string, value: AnswerValue): Promise<void> {
  const { db, clock } = ctx.deps;
  if (!(await saveAnswer(db, report.id, key, value, ctx.actor!.person.id, clock.now()))) return void (await ctx.reply(vi.staleButton));
  await askNext(ctx, { ...report, answers: { ...report.answers, [key]: value } }, template);
}

/**
 * Another contact of the unit answered this question after it was shown here: say so
 * and move on, rather than overwrite their answer or file this one under another question.
 */
async function answeredMeanwhile(ctx: BotContext, report: ReportRow, template: TemplateDefinition, state: ReportState, field: FieldDefinition): Promise<boolean> {
  if (state.editing || !(field.key in report.answers)) return false;
  const by = await findPersonById(ctx.deps.db, report.updated_by);
  await replyHtml(ctx, vi.report.answeredByOther(field.label, formatAnswer(report.answers[field.key], field) ?? vi.report.skipped, by?.full_name ?? ''));
  await askNext(ctx, report, template);
  return true;
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

function findField(template: TemplateDefinition, key: string): FieldDefinition | undefined {
  return templateFields(template).find(({ field }) => field.key === key)?.field;
}

function questionButtons(report: ReportRow, field: FieldDefinition, editing: boolean): Keyboard | undefined {
  const buttons = [];
  if (editing) buttons.push({ text: vi.button.keep, data: cb.reportKeep(report.id) });
  if (!field.required && !(editing && report.answers[field.key] === null)) buttons.push({ text: vi.button.skip, data: cb.reportSkip(report.id, field.key) });
  return buttons.length ? buttonRows(buttons) : undefined;
}

/** Shows the next unanswered question (or `editKey`'s), or the review, and remembers what is on screen. */
async function askNext(ctx: BotContext, report: ReportRow, template: TemplateDefinition, editKey?: string): Promise<void> {
  const { db, clock } = ctx.deps;
  const fields = templateFields(template);
  const editing = editKey ? fields.find(({ field }) => field.key === editKey) : undefined;
  const step = editing ? { kind: 'question' as const, item: editing, total: fields.length } : nextStep(template, report.answers);
  const personId = ctx.actor!.person.id;

  if (step.kind === 'question') {
    const { field, sectionTitle, position } = step.item;
    await setConversation(db, personId, { kind: 'report', reportId: report.id, field: field.key, editing: editing !== undefined }, clock.now());
    const current = editing ? formatAnswer(report.answers[field.key], field) : undefined;
    await replyHtml(ctx, vi.report.question({ position, total: step.total, section: sectionTitle, field, current }), questionButtons(report, field, editing !== undefined));
    return;
  }

  await setConversation(db, personId, { kind: 'report', reportId: report.id, editing: false }, clock.now());
  const unit = ctx.actor!.reportingUnit!;
  const period = (await findPeriod(db, unit.clusterId, report.period_id))!;
  await replyHtml(
    ctx,
    vi.report.review(reportName(template.title, period.key), unit.unitName, answerSections(template, report.answers, REVIEW_TEXT_LIMIT)),
    buttonRows([
      { text: vi.button.submit, data: cb.reportSubmit(report.id) },
      { text: vi.button.edit, data: cb.reportEdit(report.id) },
    ]),
  );
}

function answerSections(template: TemplateDefinition, answers: Answers, limit?: number) {
  return template.sections.map((section) => ({
    title: section.title,
    lines: section.fields.map((field) => {
      const value = formatAnswer(answers[field.key], field) ?? vi.report.skipped;
      return { label: field.label, value: limit ? shorten(value, limit) : value };
    }),
  }));
}

/** The review lists every answer; a long text shows its beginning so the list stays readable. */
const REVIEW_TEXT_LIMIT = 300;
function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit).trimEnd()}…` : text;
}

/** Button labels are cut on phones: keep the start of a long question. */
function shortLabel(label: string): string {
  return shorten(label, 40);
}

function formatAnswer(value: AnswerValue | undefined, field: FieldDefinition): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return `${formatNumber(value)}${'unit' in field && field.unit ? ` ${field.unit}` : ''}`;
  return value;
}
