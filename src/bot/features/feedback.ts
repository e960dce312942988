import { textToPeople } from '../../delivery/outbox.js';
import { visibleFields, type Answers } from '../../domain/form.js';
import type { TemplateDefinition } from '../../domain/template.js';
import { checkMessageText } from '../../domain/threads.js';
import { formatAnswer, vi } from '../../i18n/vi.js';
import { findUnitById } from '../../store/clusters.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { acknowledgeFeedback, addFeedback, hasAcknowledged, type FeedbackField, type FeedbackKind } from '../../store/feedback.js';
import { clusterRecipients } from '../../store/people.js';
import { findPeriod, isOpen } from '../../store/periods.js';
import { getReport } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonGrid, buttonRows, singleButton } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';
import { answerTextProblem } from '../text-prompt.js';
import { reportContext } from '../../services/reports.js';
import { cancelButton } from '../feature.js';

/**
 * The leader's word on one unit's report, delivered to every contact of that unit:
 * "Đạt" (accepted, final), "Trả lại" (sent back with a reason, to be corrected) or a comment,
 * on the whole report or on one answer. The unit can answer it in its thread with the leader.
 */
export async function startFeedback(ctx: BotContext, reportId: number, kind: FeedbackKind): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  const report = await getReport(ctx.deps.db, reportId);
  if (!leader || !report || report.cluster_id !== leader.clusterId || report.status !== 'submitted') return void (await ctx.reply(leader ? vi.staleButton : vi.notAllowed));
  if (report.review === 'accepted' && kind !== 'comment') return void (await ctx.reply(vi.feedback.alreadyAccepted));
  // Sending back asks for a correction, which needs the period still open.
  const period = await findPeriod(ctx.deps.db, leader.clusterId, report.period_id);
  if (kind === 'return' && (!period || !isOpen(period, ctx.deps.clock.now()))) return void (await ctx.reply(vi.report.periodClosed));
  if (kind === 'accept') return giveFeedback(ctx, reportId, kind, '');
  if (kind === 'comment') {
    // The whole report, or one of the answers the unit gave.
    const { template } = await reportContext(ctx.deps.db, report);
    const buttons = [
      { text: vi.button.wholeReport, data: cb.feedbackTarget(reportId) },
      ...answeredFields(template, report.answers).map((f) => ({ text: vi.feedback.fieldButton(f.label, f.value), data: cb.feedbackTarget(reportId, f.key) })),
      { text: vi.button.cancel, data: cb.dismiss() },
    ];
    return void (await ctx.reply(vi.feedback.chooseTarget, buttonRows(buttons)));
  }
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'leader_feedback', reportId, feedback: kind }, ctx.deps.clock.now());
  await ctx.reply(vi.feedback.askReason, singleButton(vi.button.cancel, cancelButton.data('f')));
}

/** The leader chose what the comment is about: the whole report (no key) or one answered question. */
export async function startComment(ctx: BotContext, reportId: number, key: string | undefined): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  const report = await getReport(ctx.deps.db, reportId);
  if (!leader || !report || report.cluster_id !== leader.clusterId || report.status !== 'submitted') return void (await ctx.reply(leader ? vi.staleButton : vi.notAllowed));
  const cancel = singleButton(vi.button.cancel, cancelButton.data('f'));
  if (key === undefined) {
    await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'leader_feedback', reportId, feedback: 'comment' }, ctx.deps.clock.now());
    return void (await ctx.reply(vi.feedback.askComment, cancel));
  }
  const { template } = await reportContext(ctx.deps.db, report);
  const field = answeredFields(template, report.answers).find((f) => f.key === key);
  if (!field) return void (await ctx.reply(vi.staleButton));
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'leader_feedback', reportId, feedback: 'comment', field: key }, ctx.deps.clock.now());
  await replyHtml(ctx, vi.feedback.askFieldComment(field.label, field.value), cancel);
}

export async function feedbackText(ctx: BotContext, state: Extract<ConversationState, { kind: 'leader_feedback' }>, text: string): Promise<void> {
  // A text that cannot be taken keeps the prompt open for another try.
  const checked = checkMessageText(text);
  if (!checked.ok) return answerTextProblem(ctx, checked);
  await giveFeedback(ctx, state.reportId, state.feedback, checked.text, { fieldKey: state.field, fromPrompt: true });
}

/** `fromPrompt`: the text was typed at the leader's prompt, which ends with the feedback it produced. */
async function giveFeedback(ctx: BotContext, reportId: number, kind: FeedbackKind, body: string, options: { fieldKey?: string | undefined; fromPrompt?: boolean } = {}): Promise<void> {
  const { fieldKey, fromPrompt = false } = options;
  const { db, clock, outbox } = ctx.deps;
  const leader = ctx.actor?.leaderOf;
  const report = await getReport(db, reportId);
  if (!leader || !report || report.cluster_id !== leader.clusterId) {
    if (fromPrompt) await clearConversation(db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.notAllowed));
  }
  const { name, template, period } = await reportContext(db, report);
  // A reason typed after the period closed would ask for a correction that can no longer be made.
  if (kind === 'return' && !isOpen(period, clock.now())) {
    if (fromPrompt) await clearConversation(db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.report.periodClosed));
  }
  // The answer quoted is the one in the report now, as the leader sends the comment.
  const field = fieldKey === undefined ? undefined : answeredFields(template, report.answers).find((f) => f.key === fieldKey);
  if (fieldKey !== undefined && !field) {
    if (fromPrompt) await clearConversation(db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.staleButton));
  }
  const stored: FeedbackField | undefined = field && { key: field.key, value: report.answers[field.key]! };
  const recipients = await clusterRecipients(db, leader.clusterId, { unitIds: [report.unit_id] });
  const text = vi.feedback.notice(kind, name, leader.unitName, body, field);
  // The feedback and its copies to the unit are written together.
  const feedbackId = await outbox.withQueue(async (trx, queue) => {
    if (fromPrompt) await clearConversation(trx, ctx.actor!.person.id);
    const id = await addFeedback(trx, { clusterId: leader.clusterId, reportId, kind, body, authorId: ctx.actor!.person.id, now: clock.now(), ...(stored ? { field: stored } : {}) });
    if (id === undefined) return undefined;
    const rows: { text: string; data: string }[][] = [
      [
        { text: vi.button.received, data: cb.feedbackAck(id) },
        { text: vi.button.reply, data: cb.threadReplyFeedback(id) },
      ],
    ];
    if (kind === 'return') rows.push([{ text: vi.button.amend, data: cb.report('amend', reportId) }]);
    await queue(textToPeople(recipients, leader.clusterId, text, buttonGrid(rows), ctx.actor?.person.id));
    return id;
  });
  if (feedbackId === undefined) return void (await ctx.reply(vi.feedback.alreadyAccepted));
  const unit = await findUnitById(db, report.unit_id);
  await replyHtml(ctx, vi.feedback.sent(kind, unit?.name ?? '', field?.label));
}

/**
 * "👍 Đã nhận" under feedback: recorded once per person, and, like guidance, the button
 * turns into "✅ Đã xác nhận" (the other buttons stay). The leader sees who pressed it
 * under the report.
 */
export async function acknowledgeFeedbackTap(ctx: BotContext, feedbackId: number): Promise<void> {
  const unit = ctx.actor?.reportingUnit;
  const me = ctx.actor!.person.id;
  const ok = unit ? await acknowledgeFeedback(ctx.deps.db, feedbackId, me, unit.unitId, ctx.deps.clock.now()) : false;
  const already = !ok && unit !== undefined && (await hasAcknowledged(ctx.deps.db, feedbackId, me));
  await answerTap(ctx, ok ? vi.guidance.acknowledged : already ? vi.feedback.alreadyAcknowledged : undefined);
  if (!ok && !already) return;
  const message = ctx.callbackQuery?.message;
  const rows = message && 'reply_markup' in message ? message.reply_markup?.inline_keyboard : undefined;
  if (!rows) return;
  const data = cb.feedbackAck(feedbackId);
  const marked = rows.map((row) => row.map((b) => ('callback_data' in b ? { text: b.callback_data === data ? vi.button.acknowledged : b.text, data: b.callback_data } : undefined)).filter((b) => b !== undefined));
  // Pressed again on a marked message: Telegram answers "not modified", which is fine.
  await ctx.editMessageReplyMarkup(buttonGrid(marked).reply_markup).catch(() => undefined);
}

/** The questions the report asks and the unit answered (skipped ones have nothing to comment on). */
function answeredFields(template: TemplateDefinition, answers: Answers): { key: string; label: string; value: string }[] {
  return visibleFields(template, answers).flatMap(({ field }) => {
    const value = formatAnswer(answers[field.key], field);
    return value === undefined ? [] : [{ key: field.key, label: field.label, value }];
  });
}
