import { textToPeople } from '../../delivery/outbox.js';
import { vi } from '../../i18n/vi.js';
import { findUnitById } from '../../store/clusters.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { acknowledgeFeedback, addFeedback, type FeedbackKind } from '../../store/feedback.js';
import { clusterRecipients } from '../../store/people.js';
import { findPeriod, isOpen } from '../../store/periods.js';
import { getReport } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';
import { reportContext } from './report-context.js';

/**
 * The leader's word on one unit's report, delivered to every contact of that unit:
 * "Đạt" (accepted, final), "Trả lại" (sent back with a reason, to be corrected) or a comment.
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
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'leader_feedback', reportId, feedback: kind }, ctx.deps.clock.now());
  await ctx.reply(kind === 'return' ? vi.feedback.askReason : vi.feedback.askComment, singleButton(vi.button.cancel, cb.guidance('cancel')));
}

export async function feedbackText(ctx: BotContext, state: Extract<ConversationState, { kind: 'leader_feedback' }>, text: string): Promise<void> {
  await clearConversation(ctx.deps.db, ctx.actor!.person.id);
  await giveFeedback(ctx, state.reportId, state.feedback, text.trim().slice(0, 1500));
}

async function giveFeedback(ctx: BotContext, reportId: number, kind: FeedbackKind, body: string): Promise<void> {
  const { db, clock, outbox } = ctx.deps;
  const leader = ctx.actor?.leaderOf;
  const report = await getReport(db, reportId);
  if (!leader || !report || report.cluster_id !== leader.clusterId) return void (await ctx.reply(vi.notAllowed));
  const feedbackId = await addFeedback(db, { clusterId: leader.clusterId, reportId, kind, body, authorId: ctx.actor!.person.id, now: clock.now() });
  if (feedbackId === undefined) return void (await ctx.reply(vi.feedback.alreadyAccepted));
  const { name } = await reportContext(db, report);
  const unit = await findUnitById(db, report.unit_id);
  const text = vi.feedback.notice(kind, name, leader.unitName, body);
  const buttons: { text: string; data: string }[] = [{ text: vi.button.received, data: cb.feedbackAck(feedbackId) }];
  if (kind === 'return') buttons.push({ text: vi.button.amend, data: cb.report('amend', reportId) });
  await outbox.push(textToPeople(await clusterRecipients(db, leader.clusterId, { unitIds: [report.unit_id] }), leader.clusterId, text, buttonRows(buttons), ctx.actor?.person.id));
  await replyHtml(ctx, vi.feedback.sent(kind, unit?.name ?? ''));
}

export async function acknowledgeFeedbackTap(ctx: BotContext, feedbackId: number): Promise<void> {
  const unit = ctx.actor?.reportingUnit;
  const ok = unit ? await acknowledgeFeedback(ctx.deps.db, feedbackId, ctx.actor!.person.id, unit.unitId, ctx.deps.clock.now()) : false;
  await answerTap(ctx, ok ? vi.guidance.acknowledged : undefined);
}
