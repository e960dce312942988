import { checkNumber, missingRequired, nextStep, parseAnswer, previousField, visibleAnswers, visibleFields, type Answers, type AnswerValue, type ParsedAnswer } from '../../domain/form.js';
import { canAmend } from '../../domain/review.js';
import { isNumeric, templateFields, type FieldDefinition, type TemplateDefinition } from '../../domain/template.js';
import { formatAnswer, reportName, vi } from '../../i18n/vi.js';
import { clearConversation, getConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { findPersonById } from '../../store/people.js';
import { unitTerms } from '../../store/overrides.js';
import { isOpen } from '../../store/periods.js';
import { attachmentsOf, getReport, previousAnswers, reviseAnswer, saveAnswer, targetProgress, type Attachment, type ReportRow } from '../../store/reports.js';
import { cb, type CallbackAction } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonGrid, buttonRows, mainMenu, type Keyboard } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';
import { finishAmending } from './report-notices.js';
import { reportContext } from './report-context.js';


/**
 * Filling a report in chat: one question at a time. What is on the person's screen is
 * kept in the conversation state, so an answer (typed or tapped) goes to that question
 * or nowhere, across restarts and with several contacts of one unit at work.
 */
export type ReportState = Extract<ConversationState, { kind: 'report' }>;

export interface Draft {
  report: ReportRow;
  template: TemplateDefinition;
  /** A submitted report being corrected before the deadline: changes become revisions. */
  amending: boolean;
  periodKey: string;
}

/** Shows the next unanswered question (or `editKey`'s), or the review, and remembers what is on screen. */
export async function askNext(ctx: BotContext, draft: Draft, editKey?: string): Promise<void> {
  const { report, template } = draft;
  const { db, clock } = ctx.deps;
  const personId = ctx.actor!.person.id;
  const fields = templateFields(template);
  const editing = editKey ? fields.find(({ field }) => field.key === editKey) : undefined;
  const step = nextStep(template, report.answers);
  const question = editing ?? (step.kind === 'question' ? step.item : undefined);
  // An amending session remembers when it began, to tell the leader what changed in it.
  const current = (await getConversation(db, personId))?.state;
  const since = draft.amending && current?.kind === 'report' && current.reportId === report.id && current.since ? { since: current.since } : {};

  if (question) {
    const { field, sectionTitle } = question;
    const state: ReportState = { kind: 'report', reportId: report.id, field: field.key, editing: editing !== undefined, ...since, ...(field.type === 'multi_choice' ? { selection: selectionOf(report.answers[field.key]) } : {}) };
    await setConversation(db, personId, state, clock.now());
    const previous = isNumeric(field) ? previousNumber((await previousAnswers(db, report))?.[field.key]) : undefined;
    const position = visiblePosition(template, report.answers, field.key);
    const progress = isNumeric(field) && field.target ? await targetProgress(db, report, field.target, field.key) : undefined;
    const text = vi.report.question({
      position: position.index,
      total: position.total,
      section: sectionTitle,
      field,
      current: editing ? formatAnswer(report.answers[field.key], field) : undefined,
      previous: previous === undefined ? undefined : formatAnswer(previous, field),
      target: progress && { year: progress.year, target: formatAnswer(progress.target, field)!, reported: formatAnswer(progress.reported, field)! },
    });
    await replyHtml(ctx, text, questionKeyboard(draft, field, state, previous));
    return;
  }

  await setConversation(db, personId, { kind: 'report', reportId: report.id, editing: false, ...since }, clock.now());
  const unit = ctx.actor!.reportingUnit!;
  const attachments = await attachmentsOf(db, report.id);
  const text = vi.report.review(reportName(template.title, draft.periodKey), unit.unitName, answerSections(template, report.answers, REVIEW_TEXT_LIMIT), attachments.map(attachmentName), draft.amending);
  const buttons = draft.amending
    ? [
        { text: vi.button.finish, data: cb.report('finish', report.id) },
        { text: vi.button.edit, data: cb.report('edit', report.id) },
      ]
    : [
        { text: vi.button.submit, data: cb.reportSubmit(report.id) },
        { text: vi.button.edit, data: cb.report('edit', report.id) },
        { text: vi.button.back, data: cb.report('back', report.id) },
      ];
  await replyHtml(ctx, text, buttonRows(buttons));
}

/** "ảnh" for a photo, the file name for a document. */
export function attachmentName(file: Attachment): string {
  return file.kind === 'photo' ? vi.report.photo : (file.fileName ?? vi.report.document);
}

/** A typed answer while filling a report: it goes to the question on the person's screen. */
export async function answerReport(ctx: BotContext, state: ReportState, text: string): Promise<void> {
  const draft = await loadEditable(ctx, state.reportId);
  if (!draft) return;
  const field = state.field ? findField(draft.template, state.field) : undefined;
  if (!field) return askNext(ctx, draft);
  const today = ctx.deps.clock.now();
  await applyAnswer(ctx, draft, state, field, parseAnswer(field, text, today));
}

/** Buttons about one question: edit it, skip it, finish a multiple choice, reuse last period's number. */
export async function onFieldButton(ctx: BotContext, state: ConversationState | undefined, action: Extract<CallbackAction, { kind: 'report_field' }>): Promise<void> {
  const draft = await loadEditable(ctx, action.reportId);
  if (!draft) return;
  const field = findField(draft.template, action.key);
  if (!field) return void (await ctx.reply(vi.staleButton));
  if (action.action === 'field') return askNext(ctx, draft, field.key);

  const onScreen = state?.kind === 'report' && state.reportId === action.reportId && state.field === action.key ? state : undefined;
  if (!onScreen) return staleThenResume(ctx, draft);
  switch (action.action) {
    case 'skip':
      if (field.required) return void (await ctx.reply(vi.staleButton));
      return storeChecked(ctx, draft, onScreen, field, null);
    case 'done': {
      const selection = onScreen.selection ?? [];
      if (field.required && selection.length === 0) return void (await answerTap(ctx, vi.report.chooseAtLeastOne));
      const options = field.type === 'multi_choice' ? field.options : [];
      return storeChecked(ctx, draft, onScreen, field, options.filter((o) => selection.includes(o)));
    }
    case 'prev': {
      const value = previousNumber((await previousAnswers(ctx.deps.db, draft.report))?.[field.key]);
      if (value === undefined || !isNumeric(field)) return void (await ctx.reply(vi.staleButton));
      return applyAnswer(ctx, draft, onScreen, field, checkNumber(field, value));
    }
  }
}

/** A tapped value: a choice, yes/no, a tick in a multiple choice, or one reading of an ambiguous number. */
export async function onPickButton(ctx: BotContext, state: ConversationState | undefined, action: Extract<CallbackAction, { kind: 'report_pick' }>): Promise<void> {
  const draft = await loadEditable(ctx, action.reportId);
  if (!draft) return;
  const field = findField(draft.template, action.key);
  const onScreen = state?.kind === 'report' && state.reportId === action.reportId && state.field === action.key ? state : undefined;
  if (!field || !onScreen) return staleThenResume(ctx, draft);

  if (action.pick === 'opt' && field.type === 'choice' && field.options[action.index] !== undefined) {
    return applyAnswer(ctx, draft, onScreen, field, { ok: true, value: field.options[action.index]! });
  }
  if (action.pick === 'yn' && field.type === 'yes_no' && action.index <= 1) {
    return applyAnswer(ctx, draft, onScreen, field, { ok: true, value: action.index === 1 });
  }
  if (action.pick === 'num' && isNumeric(field) && onScreen.candidates?.[action.index] !== undefined) {
    return applyAnswer(ctx, draft, onScreen, field, checkNumber(field, onScreen.candidates[action.index]!));
  }
  if (action.pick === 'tg' && field.type === 'multi_choice' && field.options[action.index] !== undefined) {
    // Ticking only changes the buttons of the message the person is looking at.
    const option = field.options[action.index]!;
    const current = onScreen.selection ?? [];
    const selection = current.includes(option) ? current.filter((o) => o !== option) : [...current, option];
    const next = { ...onScreen, selection };
    await setConversation(ctx.deps.db, ctx.actor!.person.id, next, ctx.deps.clock.now());
    // A tap that came without its message (too old) cannot tick it there: the buttons come anew.
    if (!ctx.callbackQuery?.message) return void (await replyHtml(ctx, vi.report.ticked(field.label, selection), questionKeyboard(draft, field, next)));
    await ctx.editMessageReplyMarkup(questionKeyboard(draft, field, next).reply_markup).catch(() => undefined);
    return;
  }
  await ctx.reply(vi.staleButton);
}

/** Buttons on the whole report while filling it: back, pause, keep the current answer, edit list. */
export async function onReportNavigation(ctx: BotContext, state: ConversationState | undefined, reportId: number, action: 'back' | 'pause' | 'keep' | 'edit'): Promise<void> {
  // While correcting a submitted report, every screen keeps the session's start.
  const draft = await loadEditable(ctx, reportId);
  if (!draft) return;
  switch (action) {
    case 'keep':
      return askNext(ctx, draft);
    case 'pause':
      // Pausing a correction ends it: the leader must hear of changes already saved.
      if (draft.amending) return finishAmending(ctx, reportId);
      await clearConversation(ctx.deps.db, ctx.actor!.person.id);
      return void (await ctx.reply(vi.report.paused, mainMenu(ctx.actor!, true)));
    case 'back': {
      const at = state?.kind === 'report' && state.reportId === reportId ? state.field : undefined;
      const previous = previousField(draft.template, draft.report.answers, at);
      if (!previous) return askNext(ctx, draft, at);
      return askNext(ctx, draft, previous.field.key);
    }
    case 'edit': {
      const buttons = templateFields(draft.template)
        .filter(({ field }) => field.key in visibleAnswers(draft.template, draft.report.answers))
        .map(({ field, position }) => ({ text: `${position}. ${shorten(field.label, 40)}`, data: cb.reportField('field', reportId, field.key) }));
      buttons.push({ text: vi.button.back, data: cb.report('keep', reportId) });
      return void (await ctx.reply(vi.report.chooseFieldToEdit, buttonRows(buttons)));
    }
  }
}

/**
 * The person's own unit's report, if it may still be changed: a draft while the period is
 * open, or a submitted report until the deadline, but only inside a correction session
 * the person opened ("✏️ Sửa báo cáo"): an old question or button never edits a sent report.
 * Replies and forgets the conversation when it may not.
 */
export async function loadEditable(ctx: BotContext, reportId: number): Promise<Draft | undefined> {
  const { db, clock } = ctx.deps;
  const unit = ctx.actor?.reportingUnit;
  const report = await getReport(db, reportId);
  const leave = async (message: string, keyboard?: Keyboard) => {
    if (ctx.actor) await clearConversation(db, ctx.actor.person.id);
    await replyHtml(ctx, message, keyboard);
    return undefined;
  };
  if (!unit || !report || report.unit_id !== unit.unitId) return leave(vi.staleButton);
  const { template, period, name } = await reportContext(db, report);
  const now = clock.now();
  if (!isOpen(period, now)) return leave(vi.report.periodClosed);
  if (report.status === 'draft') return { report, template, amending: false, periodKey: period.key };

  if (!canAmend(report, (await unitTerms(db, period, unit.unitId)).deadlineAt, now)) return leave(vi.report.readOnly(name, report.submitted_at!, report.review === 'accepted'));
  const state = (await getConversation(db, ctx.actor!.person.id))?.state;
  const inSession = state?.kind === 'report' && state.reportId === reportId && state.since !== undefined;
  if (!inSession) return leave(vi.report.alreadySubmitted(name, report.submitted_at!), buttonRows(submittedButtons(report.id, true)));
  return { report, template, amending: true, periodKey: period.key };
}

/** Under a sent report: open it, and correct it while the deadline allows. */
export function submittedButtons(reportId: number, beforeDeadline: boolean): { text: string; data: string }[] {
  const buttons: { text: string; data: string }[] = [{ text: vi.button.view, data: cb.reportView(reportId) }];
  if (beforeDeadline) buttons.push({ text: vi.button.amend, data: cb.report('amend', reportId) });
  return buttons;
}

export function missingLabels(draft: Draft): string[] {
  return missingRequired(draft.template, draft.report.answers).map((f) => f.label);
}

/** A button from an older message: say so, then show the question the person is really at. */
async function staleThenResume(ctx: BotContext, draft: Draft): Promise<void> {
  await ctx.reply(vi.staleButton);
  await askNext(ctx, draft);
}

/** Stores a parsed answer, or re-asks with the problem and the same buttons. */
async function applyAnswer(ctx: BotContext, draft: Draft, state: ReportState, field: FieldDefinition, parsed: ParsedAnswer): Promise<void> {
  if (!parsed.ok) {
    // Offer only the readings the question can take (a whole number question: not 1,5).
    const readings = parsed.problem.code === 'ambiguous' && isNumeric(field) ? parsed.problem.candidates.filter((n) => checkNumber(field, n).ok) : [];
    const candidates = readings.length ? (readings as [number] | [number, number]) : undefined;
    const next = { ...state, candidates };
    if (candidates) await setConversation(ctx.deps.db, ctx.actor!.person.id, next, ctx.deps.clock.now());
    return void (await replyHtml(ctx, vi.report.problem(parsed.problem, field), questionKeyboard(draft, field, next)));
  }
  await storeChecked(ctx, draft, state, field, parsed.value);
}

async function storeChecked(ctx: BotContext, draft: Draft, state: ReportState, field: FieldDefinition, value: AnswerValue): Promise<void> {
  if (await answeredMeanwhile(ctx, draft, state, field)) return;
  const { db, clock } = ctx.deps;
  const personId = ctx.actor!.person.id;
  const saved = draft.amending
    ? await reviseAnswer(db, draft.report.id, field.key, value, personId, clock.now())
    : await saveAnswer(db, draft.report.id, field.key, value, personId, clock.now(), { onlyIfUnanswered: !state.editing });
  if (!saved) {
    // Lost a race with another contact (or the report was just sent): show what happened.
    const fresh = await loadEditable(ctx, draft.report.id);
    if (fresh && !(await answeredMeanwhile(ctx, fresh, state, field))) await askNext(ctx, fresh);
    return;
  }
  const report = { ...draft.report, answers: { ...draft.report.answers, [field.key]: value } };
  await askNext(ctx, { ...draft, report });
}

/**
 * Another contact of the unit answered this question after it was shown here: say so
 * and move on, rather than overwrite their answer or file this one under another question.
 */
async function answeredMeanwhile(ctx: BotContext, draft: Draft, state: ReportState, field: FieldDefinition): Promise<boolean> {
  const { report } = draft;
  if (state.editing || draft.amending || !(field.key in report.answers)) return false;
  const by = await findPersonById(ctx.deps.db, report.updated_by);
  await replyHtml(ctx, vi.report.answeredByOther(field.label, formatAnswer(report.answers[field.key], field) ?? vi.report.skipped, by?.full_name ?? ''));
  await askNext(ctx, draft);
  return true;
}

function questionKeyboard(draft: Draft, field: FieldDefinition, state: ReportState, previous?: number): Keyboard {
  const { report, template } = draft;
  const id = report.id;
  const rows: { text: string; data: string }[][] = [];
  if (field.type === 'choice') field.options.forEach((o, i) => rows.push([{ text: o, data: cb.reportPick('opt', id, field.key, i) }]));
  if (field.type === 'yes_no') {
    rows.push([
      { text: vi.button.yes, data: cb.reportPick('yn', id, field.key, 1) },
      { text: vi.button.no, data: cb.reportPick('yn', id, field.key, 0) },
    ]);
  }
  if (field.type === 'multi_choice') {
    const ticked = state.selection ?? [];
    field.options.forEach((o, i) => rows.push([{ text: `${ticked.includes(o) ? '☑️' : '⬜'} ${o}`, data: cb.reportPick('tg', id, field.key, i) }]));
    rows.push([{ text: vi.button.done, data: cb.reportField('done', id, field.key) }]);
  }
  if (state.candidates && isNumeric(field)) {
    rows.push(state.candidates.map((n, i) => ({ text: formatAnswer(n, field)!, data: cb.reportPick('num', id, field.key, i) })));
  }
  if (previous !== undefined) rows.push([{ text: vi.button.samePrevious(formatAnswer(previous, field)!), data: cb.reportField('prev', id, field.key) }]);
  if (state.editing) rows.push([{ text: vi.button.keep, data: cb.report('keep', id) }]);
  if (!field.required && !(state.editing && report.answers[field.key] === null)) rows.push([{ text: vi.button.skip, data: cb.reportSkip(id, field.key) }]);

  const navigation = [];
  if (previousField(template, report.answers, field.key)) navigation.push({ text: vi.button.back, data: cb.report('back', id) });
  navigation.push({ text: vi.button.pause, data: cb.report('pause', id) });
  rows.push(navigation);
  return buttonGrid(rows);
}

/** "Câu 3/12" counts the questions this report asks, given the answers so far. */
function visiblePosition(template: TemplateDefinition, answers: Answers, key: string): { index: number; total: number } {
  const fields = visibleFields(template, answers);
  return { index: fields.findIndex(({ field }) => field.key === key) + 1, total: fields.length };
}

function findField(template: TemplateDefinition, key: string): FieldDefinition | undefined {
  return templateFields(template).find(({ field }) => field.key === key)?.field;
}

function selectionOf(value: AnswerValue | undefined): string[] {
  return Array.isArray(value) ? value : [];
}

function previousNumber(value: AnswerValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The review lists every answer; a long text shows its beginning so the list stays readable. */
const REVIEW_TEXT_LIMIT = 300;

export function answerSections(template: TemplateDefinition, answers: Answers, limit?: number) {
  const shown = new Set(visibleFields(template, answers).map(({ field }) => field.key));
  return template.sections
    .map((section) => ({
      title: section.title,
      lines: section.fields
        .filter((field) => shown.has(field.key))
        .map((field) => {
          const value = formatAnswer(answers[field.key], field) ?? vi.report.skipped;
          return { label: field.label, value: limit ? shorten(value, limit) : value };
        }),
    }))
    .filter((section) => section.lines.length > 0);
}

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit).trimEnd()}…` : text;
}
