import {
  checkNumber,
  missingRequired,
  nextStep,
  parseAnswer,
  previousField,
  visibleAnswers,
  visibleFields,
  type Answers,
  type AnswerValue,
  type ParsedAnswer,
} from '../../domain/form.js';
import { isNumeric, templateFields, type FieldDefinition, type TemplateDefinition } from '../../domain/template.js';
import { formatAnswer, reportName, vi } from '../../i18n/vi.js';
import { clearConversation, setConversation } from '../../store/conversations.js';
import { findPersonById } from '../../store/people.js';
import { answerWarning, monthsOfPeriodKey, type AnswerWarning } from '../../domain/plausibility.js';
import {
  listAttachments,
  type Attachment,
  type AnswerWriteResult,
  type ReportWithPeriod,
} from '../../store/reports.js';
import { versionOf } from '../../domain/answer-versions.js';
import { historyOf, openDraft, ReportSent, saveAnswer, type Draft } from '../../services/report-form.js';
import { PeriodClosed, Stale } from '../../services/errors.js';
import { z } from 'zod';
import { answerValueSchema } from '../../domain/form.js';
import {
  reportActionButton,
  reportConflictButton,
  reportFieldButton,
  reportFilesButton,
  reportNavButton,
  reportPickButton,
} from '../../services/report-buttons.js';
import { Feature, type IncomingFile } from '../feature.js';
import { menuItemData } from '../../services/menu.js';
import type { BotContext } from '../context.js';
import { buttonGrid, buttonRows, mainMenu, singleButton, type Keyboard } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';
import { finishAmending } from './report-amended.js';

/**
 * Filling a report in chat: one question at a time. What is on the person's screen is
 * kept in the conversation state, so an answer (typed or tapped) goes to that question
 * or nowhere, across restarts and with several contacts of one unit at work.
 */
export const reportStateSchema = z.object({
  kind: z.literal('report'),
  reportId: z.number().int(),
  /** The question on the person's screen: their answer goes there, or nowhere. */
  field: z.string().optional(),
  /** Changing an earlier answer (from the review) rather than answering a new question. */
  editing: z.boolean().default(false),
  /** The two readings of an ambiguous number ("1,500"), offered as buttons. */
  candidates: z.union([z.tuple([z.number()]), z.tuple([z.number(), z.number()])]).optional(),
  /** Options ticked so far on a multiple-choice question. */
  selection: z.array(z.string()).optional(),
  /** When a session correcting a submitted report began (ISO time). */
  since: z.string().optional(),
  /**
   * An answer read but not stored yet: it came forwarded, or looks unlikely (above the
   * yearly target, a date to come). "✅ Đúng" stores it; anything typed replaces it.
   */
  pending: z.object({ value: answerValueSchema, reason: z.enum(['forwarded', 'unusual']) }).optional(),
  /** The report's last revision (id) when that session began; later ones are the session's. */
  sinceRevision: z.number().int().optional(),
  /** The version of the answer on screen when the question was shown (0: unanswered then). */
  seen: z.number().int().optional(),
  /** The person's value, not written: a colleague changed the answer meanwhile; they choose which stays. */
  conflict: z.object({ value: answerValueSchema, version: z.number().int() }).optional(),
});
export type ReportState = z.infer<typeof reportStateSchema>;

export type { Draft } from '../../services/report-form.js';

/**
 * What `askNext` shows and keeps as the conversation state: the next unanswered question (or
 * `editKey`'s) with the state its screen needs, or the review (no question).
 */
function nextScreen(draft: Draft, editKey?: string) {
  const { report, template } = draft;
  const fields = templateFields(template);
  const editing = editKey ? fields.find(({ field }) => field.key === editKey) : undefined;
  const step = nextStep(template, report.answers);
  const question = editing ?? (step.kind === 'question' ? step.item : undefined);
  // An amending session remembers when it began, to tell the leader what changed in it.
  const since = draft.amending && draft.session ? draft.session : {};
  if (!question)
    return { state: { kind: 'report', reportId: report.id, editing: false, ...since } satisfies ReportState };
  const { field } = question;
  const state: ReportState = {
    kind: 'report',
    reportId: report.id,
    field: field.key,
    editing: editing !== undefined,
    ...since,
    // The answer's version now on screen: a later write over a newer one is a conflict to resolve.
    seen: versionOf(report.versions, field.key),
    ...(field.type === 'multi_choice' ? { selection: selectionOf(report.answers[field.key]) } : {}),
  };
  return { question, editing, state };
}

/**
 * Shows the next unanswered question (or `editKey`'s), or the review, and remembers what is on
 * screen. `stored`: a state already stored for this screen (written with the answer); it is
 * not written again when it is the one this screen needs.
 */
export async function askNext(ctx: BotContext, draft: Draft, editKey?: string, stored?: ReportState): Promise<void> {
  const { report, template } = draft;
  const { db, clock } = ctx.deps;
  const personId = ctx.actor!.person.id;
  const { question, editing, state } = nextScreen(draft, editKey);
  if (!stored || JSON.stringify(stored) !== JSON.stringify(state))
    await setConversation(db, personId, state, clock.now());

  if (question) {
    const { field, sectionTitle } = question;
    const history = isNumeric(field) ? await historyOf(ctx.deps, draft) : undefined;
    const previous = previousNumber(history?.previous?.[field.key]);
    const position = visiblePosition(template, report.answers, field.key);
    const progress = isNumeric(field) && field.target ? history?.progress(field.target, field.key) : undefined;
    const text = vi.report.question({
      position: position.index,
      total: position.total,
      section: sectionTitle,
      field,
      current: editing ? formatAnswer(report.answers[field.key], field) : undefined,
      previous: previous === undefined ? undefined : formatAnswer(previous, field),
      target: progress && {
        year: progress.year,
        target: formatAnswer(progress.target, field)!,
        reported: formatAnswer(progress.reported, field)!,
      },
    });
    await replyHtml(ctx, text, questionKeyboard(draft, field, state, previous));
    return;
  }

  const unit = ctx.actor!.reportingUnit!;
  const attachments = await listAttachments(db, report.id);
  const text = vi.report.review(
    reportName(template.title, draft.periodKey),
    unit.unitName,
    answerSections(template, report.answers, REVIEW_TEXT_LIMIT),
    attachments.map(attachmentName),
    draft.amending,
  );
  const buttons: { text: string; data: string }[] = draft.amending
    ? [
        { text: vi.button.finish, data: reportActionButton.data('finish', report.id) },
        { text: vi.button.edit, data: reportNavButton.data('edit', report.id) },
      ]
    : [
        { text: vi.button.submit, data: reportActionButton.data('submit', report.id) },
        { text: vi.button.edit, data: reportNavButton.data('edit', report.id) },
        { text: vi.button.back, data: reportNavButton.data('back', report.id) },
      ];
  if (attachments.length) buttons.push({ text: vi.button.removeFiles, data: reportFilesButton.data(report.id) });
  await replyHtml(ctx, text, buttonRows(buttons));
}

/** "ảnh" for a photo, the file name for a document; with the person's caption, if any. */
export function attachmentName(file: Attachment): string {
  const name = file.kind === 'photo' ? vi.report.photo : (file.fileName ?? vi.report.document);
  return file.caption ? vi.report.withCaption(name, file.caption) : name;
}

/**
 * A typed answer while filling a report: it goes to the question on the person's screen.
 * A date without a year is read against the period being reported. An unusual value (see
 * `answerWarning`) or a forwarded message is asked about before it is stored.
 */
export async function answerReport(
  ctx: BotContext,
  state: ReportState,
  text: string,
  options: { forwarded?: boolean } = {},
): Promise<void> {
  // The report as read with the update's claim (once.ts), if it is this one.
  const read = ctx.reportReadAhead;
  ctx.reportReadAhead = undefined;
  const draft = await loadEditable(ctx, state.reportId, read);
  if (!draft) return;
  const field = state.field ? findField(draft.template, state.field) : undefined;
  if (!field) return askNext(ctx, draft);
  const today = ctx.deps.clock.now();
  const { period } = draft;
  const parsed = parseAnswer(
    field,
    text,
    today,
    period ? { period: { startsAt: period.starts_at, endsAt: period.ends_at } } : {},
  );
  if (options.forwarded && parsed.ok)
    return askToConfirm(ctx, draft, state, field, parsed.value, { code: 'forwarded' });
  await applyAnswer(ctx, draft, state, field, parsed, { warn: true });
}

/** Buttons about one question: edit it, skip it, finish a multiple choice, reuse last period's number. */
export async function onFieldButton(
  ctx: BotContext,
  state: ReportState | undefined,
  action: { action: (typeof reportFieldButton.segments)[0]['options'][number]; reportId: number; key: string },
): Promise<void> {
  const draft = await loadEditable(ctx, action.reportId);
  if (!draft) return;
  const field = findField(draft.template, action.key);
  if (!field) return void (await ctx.reply(vi.staleButton));
  if (action.action === 'field') return askNext(ctx, draft, field.key);

  const onScreen =
    state?.kind === 'report' && state.reportId === action.reportId && state.field === action.key ? state : undefined;
  if (!onScreen) return staleThenResume(ctx, draft);
  switch (action.action) {
    case 'skip':
      if (field.required) return void (await ctx.reply(vi.staleButton));
      return storeChecked(ctx, draft, onScreen, field, null);
    case 'done': {
      const selection = onScreen.selection ?? [];
      if (field.required && selection.length === 0) return void (await answerTap(ctx, vi.report.chooseAtLeastOne));
      const options = field.type === 'multi_choice' ? field.options : [];
      return storeChecked(
        ctx,
        draft,
        onScreen,
        field,
        options.filter((o) => selection.includes(o)),
      );
    }
    case 'prev': {
      const value = previousNumber((await historyOf(ctx.deps, draft)).previous?.[field.key]);
      if (value === undefined || !isNumeric(field)) return void (await ctx.reply(vi.staleButton));
      return applyAnswer(ctx, draft, onScreen, field, checkNumber(field, value));
    }
    case 'ok': {
      // "✅ Đúng" under "Có phải … không?": a forwarded answer still gets the unusual-value check.
      const pending = onScreen.pending;
      if (!pending) return staleThenResume(ctx, draft);
      if (pending.value === null) return staleThenResume(ctx, draft);
      // Bounds are checked again: the template may have changed since the question.
      const checked: ParsedAnswer =
        isNumeric(field) && typeof pending.value === 'number'
          ? checkNumber(field, pending.value)
          : { ok: true, value: pending.value };
      return applyAnswer(ctx, draft, { ...onScreen, pending: undefined }, field, checked, {
        warn: pending.reason === 'forwarded',
      });
    }
    case 're':
      return askNext(ctx, draft, onScreen.editing ? field.key : undefined);
  }
}

/** A tapped value: a choice, yes/no, a tick in a multiple choice, or one reading of an ambiguous number. */
export async function onPickButton(
  ctx: BotContext,
  state: ReportState | undefined,
  action: {
    pick: (typeof reportPickButton.segments)[0]['options'][number];
    reportId: number;
    key: string;
    index: number;
  },
): Promise<void> {
  const draft = await loadEditable(ctx, action.reportId);
  if (!draft) return;
  const field = findField(draft.template, action.key);
  const onScreen =
    state?.kind === 'report' && state.reportId === action.reportId && state.field === action.key ? state : undefined;
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
    if (!ctx.callbackQuery?.message)
      return void (await replyHtml(
        ctx,
        vi.report.ticked(field.label, selection),
        questionKeyboard(draft, field, next),
      ));
    await ctx
      .editMessageReplyMarkup(questionKeyboard(draft, field, next).reply_markup)
      .catch((error) => ctx.deps.log.debug('could not tick in place', { error }));
    return;
  }
  await ctx.reply(vi.staleButton);
}

/** Buttons on the whole report while filling it: back, pause, keep the current answer, edit list. */
export async function onReportNavigation(
  ctx: BotContext,
  state: ReportState | undefined,
  reportId: number,
  action: 'back' | 'pause' | 'keep' | 'edit',
): Promise<void> {
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
        .map(({ field, position }) => ({
          text: `${position}. ${shorten(field.label, 40)}`,
          data: reportFieldButton.data('field', reportId, field.key),
        }));
      buttons.push({ text: vi.button.back, data: reportNavButton.data('keep', reportId) });
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
export async function loadEditable(
  ctx: BotContext,
  reportId: number,
  read?: ReportWithPeriod,
): Promise<Draft | undefined> {
  if (!ctx.actor) return refuse(ctx, new Stale('no actor'));
  try {
    return await openDraft(ctx.deps, ctx.actor, { reportId, ...(read ? { read } : {}) });
  } catch (error) {
    return refuse(ctx, error);
  }
}

/** Says why the report may not be changed (see `openDraft`) and forgets the conversation; rethrows anything else. */
async function refuse(ctx: BotContext, error: unknown): Promise<undefined> {
  if (!(error instanceof Stale) && !(error instanceof PeriodClosed)) throw error;
  if (ctx.actor) await clearConversation(ctx.deps.db, ctx.actor.person.id);
  if (error instanceof ReportSent) {
    const { report, reportName: name } = error;
    if (!error.correctable)
      await replyHtml(ctx, vi.report.readOnly(name, report.submitted_at!, report.review === 'accepted'));
    else
      await replyHtml(
        ctx,
        vi.report.alreadySubmitted(name, report.submitted_at!),
        buttonRows(submittedButtons(report.id, true)),
      );
  } else {
    await replyHtml(ctx, error instanceof PeriodClosed ? vi.report.periodClosed : vi.staleButton);
  }
  return undefined;
}

/** Under a sent report: open it, and correct it while the deadline allows. */
export function submittedButtons(reportId: number, beforeDeadline: boolean): { text: string; data: string }[] {
  const buttons: { text: string; data: string }[] = [
    { text: vi.button.view, data: reportActionButton.data('view', reportId) },
  ];
  if (beforeDeadline) buttons.push({ text: vi.button.amend, data: reportActionButton.data('amend', reportId) });
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

/** Stores a parsed answer, or re-asks with the problem and the same buttons; with `warn`, asks first about an unusual value. */
async function applyAnswer(
  ctx: BotContext,
  draft: Draft,
  state: ReportState,
  field: FieldDefinition,
  parsed: ParsedAnswer,
  options: { warn?: boolean } = {},
): Promise<void> {
  if (!parsed.ok) {
    // Offer only the readings the question can take (a whole number question: not 1,5).
    const readings =
      parsed.problem.code === 'ambiguous' && isNumeric(field)
        ? parsed.problem.candidates.filter((n) => checkNumber(field, n).ok)
        : [];
    const candidates = readings.length ? (readings as [number] | [number, number]) : undefined;
    const next = { ...state, candidates, pending: undefined };
    // A value waiting for "✅ Đúng" is dropped too: what was typed after it replaces it.
    if (candidates || state.pending)
      await setConversation(ctx.deps.db, ctx.actor!.person.id, next, ctx.deps.clock.now());
    return void (await replyHtml(ctx, vi.report.problem(parsed.problem, field), questionKeyboard(draft, field, next)));
  }
  if (options.warn) {
    const warning = await warningFor(ctx, draft, field, parsed.value);
    if (warning) return askToConfirm(ctx, draft, state, field, parsed.value, warning);
  }
  await storeChecked(ctx, draft, state, field, parsed.value);
}

/** "Có phải … không?" with ✅ Đúng / ✏️ Nhập lại; the value waits in the conversation until confirmed. */
async function askToConfirm(
  ctx: BotContext,
  draft: Draft,
  state: ReportState,
  field: FieldDefinition,
  value: Exclude<AnswerValue, null>,
  reason: AnswerWarning | { code: 'forwarded' },
): Promise<void> {
  const { db, clock } = ctx.deps;
  const next: ReportState = {
    ...state,
    candidates: undefined,
    pending: { value, reason: reason.code === 'forwarded' ? 'forwarded' : 'unusual' },
  };
  await setConversation(db, ctx.actor!.person.id, next, clock.now());
  const text = vi.report.confirm({
    reason,
    label: field.label,
    value: formatAnswer(value, field) ?? '',
    field,
    today: clock.now(),
  });
  await replyHtml(
    ctx,
    text,
    buttonGrid([
      [
        { text: vi.button.confirmValue, data: reportFieldButton.data('ok', draft.report.id, field.key) },
        { text: vi.button.retype, data: reportFieldButton.data('re', draft.report.id, field.key) },
      ],
    ]),
  );
}

/** What `answerWarning` needs: the period, last period's number and the yearly target of this field. */
async function warningFor(
  ctx: BotContext,
  draft: Draft,
  field: FieldDefinition,
  value: AnswerValue,
): Promise<AnswerWarning | undefined> {
  const { clock } = ctx.deps;
  const { period } = draft;
  const numeric = isNumeric(field) && typeof value === 'number';
  const history = numeric ? await historyOf(ctx.deps, draft) : undefined;
  const previous = previousNumber(history?.previous?.[field.key]);
  const progress = isNumeric(field) && field.target ? history?.progress(field.target, field.key) : undefined;
  return answerWarning(field, value, {
    today: clock.now(),
    ...(period
      ? { period: { startsAt: period.starts_at, endsAt: period.ends_at, months: monthsOfPeriodKey(period.key) } }
      : {}),
    previous,
    target: progress && { year: progress.year, value: progress.target },
  });
}

/**
 * Writes the answer under the question its writer saw. If a colleague changed that answer
 * since this screen showed it, nothing is written: both values are shown and the writer
 * chooses («Giữ giá trị của …» / «Dùng giá trị của tôi»). Then the next screen, read afresh.
 */
async function storeChecked(
  ctx: BotContext,
  draft: Draft,
  state: ReportState,
  field: FieldDefinition,
  value: AnswerValue,
): Promise<void> {
  // A conversation from before versions were kept: a new question was unanswered when shown.
  const seen = state.seen ?? (state.editing || draft.amending ? undefined : 0);
  // The next screen's state as it will be if this answer is written over what this draft
  // shows: stored with the answer (one round trip less); askNext writes it again otherwise.
  const next = nextScreen(withAnswer(draft, field.key, value, ctx.actor!.person.id)).state;
  let result: Awaited<ReturnType<typeof saveAnswer>>;
  try {
    result = await saveAnswer(ctx.deps, ctx.actor!, {
      draft,
      key: field.key,
      value,
      ...(seen === undefined ? {} : { seen }),
      conversation: next,
    });
  } catch (error) {
    // The report was just sent or its period closed: say which.
    return void (await refuse(ctx, error));
  }
  if (result.kind === 'conflict') return askToResolve(ctx, draft, state, field, value, result);
  await askNext(ctx, result.draft, undefined, result.conversationWritten ? next : undefined);
}

/** `draft` as it will be once `value` is written for `key` (versions: one more for that answer). */
function withAnswer(draft: Draft, key: string, value: AnswerValue, personId: number): Draft {
  const { report } = draft;
  const version = { v: versionOf(report.versions, key) + 1, by: personId, at: '' };
  return {
    ...draft,
    report: {
      ...report,
      answers: { ...report.answers, [key]: value },
      versions: { ...report.versions, [key]: version },
    },
  };
}

/** Shows the colleague's value and the person's own, and waits for their choice. */
async function askToResolve(
  ctx: BotContext,
  draft: Draft,
  state: ReportState,
  field: FieldDefinition,
  mine: AnswerValue,
  conflict: Extract<AnswerWriteResult, { kind: 'conflict' }>,
): Promise<void> {
  const { db, clock } = ctx.deps;
  const { candidates: _candidates, ...rest } = state;
  // The person has now seen the colleague's value: typing again simply answers.
  const next: ReportState = { ...rest, seen: conflict.version, conflict: { value: mine, version: conflict.version } };
  await setConversation(db, ctx.actor!.person.id, next, clock.now());
  const who = (conflict.by === undefined ? undefined : await findPersonById(db, conflict.by))?.full_name ?? '';
  const theirs = formatAnswer(conflict.value, field) ?? vi.report.skipped;
  const own = formatAnswer(mine, field) ?? vi.report.skipped;
  const id = draft.report.id;
  await replyHtml(
    ctx,
    vi.report.conflict({ label: field.label, who, theirs, mine: own, amending: draft.amending }),
    buttonRows([
      { text: vi.button.keepTheirs(who, theirs), data: reportConflictButton.data('t', id, field.key) },
      { text: vi.button.useMine(own), data: reportConflictButton.data('m', id, field.key) },
    ]),
  );
}

/** «Giữ giá trị của …» leaves the colleague's answer; «Dùng giá trị của tôi» writes one's own over it. */
export async function onConflictButton(
  ctx: BotContext,
  state: ReportState | undefined,
  action: { choice: 'theirs' | 'mine'; reportId: number; key: string },
): Promise<void> {
  const draft = await loadEditable(ctx, action.reportId);
  if (!draft) return;
  const field = findField(draft.template, action.key);
  const onScreen =
    state?.kind === 'report' && state.reportId === action.reportId && state.field === action.key && state.conflict
      ? state
      : undefined;
  if (!field || !onScreen?.conflict) return staleThenResume(ctx, draft);
  const { conflict, ...rest } = onScreen;
  if (action.choice === 'theirs') {
    await setConversation(ctx.deps.db, ctx.actor!.person.id, rest, ctx.deps.clock.now());
    return askNext(ctx, draft);
  }
  // Written only over the value the person was shown: a third change asks again.
  return storeChecked(ctx, draft, { ...rest, seen: conflict.version }, field, conflict.value);
}

function questionKeyboard(draft: Draft, field: FieldDefinition, state: ReportState, previous?: number): Keyboard {
  const { report, template } = draft;
  const id = report.id;
  const rows: { text: string; data: string }[][] = [];
  if (field.type === 'choice')
    field.options.forEach((o, i) => rows.push([{ text: o, data: reportPickButton.data('opt', id, field.key, i) }]));
  if (field.type === 'yes_no') {
    rows.push([
      { text: vi.button.yes, data: reportPickButton.data('yn', id, field.key, 1) },
      { text: vi.button.no, data: reportPickButton.data('yn', id, field.key, 0) },
    ]);
  }
  if (field.type === 'multi_choice') {
    const ticked = state.selection ?? [];
    field.options.forEach((o, i) =>
      rows.push([
        { text: `${ticked.includes(o) ? '☑️' : '⬜'} ${o}`, data: reportPickButton.data('tg', id, field.key, i) },
      ]),
    );
    rows.push([{ text: vi.button.done, data: reportFieldButton.data('done', id, field.key) }]);
  }
  if (state.candidates && isNumeric(field)) {
    rows.push(
      state.candidates.map((n, i) => ({
        text: formatAnswer(n, field)!,
        data: reportPickButton.data('num', id, field.key, i),
      })),
    );
  }
  if (previous !== undefined)
    rows.push([
      {
        text: vi.button.samePrevious(formatAnswer(previous, field)!),
        data: reportFieldButton.data('prev', id, field.key),
      },
    ]);
  if (state.editing) rows.push([{ text: vi.button.keep, data: reportNavButton.data('keep', id) }]);
  if (!field.required && !(state.editing && report.answers[field.key] === null))
    rows.push([{ text: vi.button.skip, data: reportFieldButton.data('skip', id, field.key) }]);

  const navigation = [];
  if (previousField(template, report.answers, field.key))
    navigation.push({ text: vi.button.back, data: reportNavButton.data('back', id) });
  navigation.push({ text: vi.button.pause, data: reportNavButton.data('pause', id) });
  rows.push(navigation);
  return buttonGrid(rows);
}

/** "Câu 3/12" counts the questions this report asks, given the answers so far. */
function visiblePosition(
  template: TemplateDefinition,
  answers: Answers,
  key: string,
): { index: number; total: number } {
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

/** Someone comes back hours later to a report left half-done: offer to go on rather than guess what their message means. */
export async function offerResume(ctx: BotContext): Promise<void> {
  await ctx.reply(vi.report.resumeOffer, singleButton(vi.button.resume, menuItemData('report')));
}

/**
 * The form: a unit's contact answering the report's questions in chat. Its prompt is the
 * question on screen (typed answers; a forwarded one is asked about), its buttons those under
 * questions, the review and conflicts. Files sent meanwhile go to the report (report.ts).
 */
export const form = new Feature('form');

export const formPrompt = form.prompt('report', reportStateSchema, {
  onText: (ctx, state, text, { forwarded }) => answerReport(ctx, state, text, { forwarded }),
  onStale: (ctx) => offerResume(ctx),
  forwarded: 'ask',
  emptyText: 'pass',
  answersForm: true,
});

form
  .onButton(reportNavButton, async (ctx, [action, reportId]) =>
    onReportNavigation(ctx, await formPrompt.current(ctx), reportId, action),
  )
  .onButton(reportFieldButton, async (ctx, [action, reportId, key]) =>
    onFieldButton(ctx, await formPrompt.current(ctx), { action, reportId, key }),
  )
  .onButton(reportPickButton, async (ctx, [pick, reportId, key, index]) =>
    onPickButton(ctx, await formPrompt.current(ctx), { pick, reportId, key, index }),
  )
  .onButton(reportConflictButton, async (ctx, [choice, reportId, key]) =>
    onConflictButton(ctx, await formPrompt.current(ctx), { choice: choice === 't' ? 'theirs' : 'mine', reportId, key }),
  );

export type { IncomingFile };
