import { shareableAnswers } from '../../domain/share.js';
import { vi } from '../../i18n/vi.js';
import { findUnitById } from '../../store/clusters.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { clusterRecipients } from '../../store/people.js';
import { getReport } from '../../store/reports.js';
import { createExperienceShare } from '../../store/shares.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { queueGuidance } from '../../services/guidance-queue.js';
import { reportContext } from './report-context.js';
import { experienceMessage } from '../../services/share-message.js';
import { cancelButton } from '../feature.js';

/**
 * "Trao đổi kinh nghiệm": the leader shares one written answer of a unit's report with
 * every other unit, credited to that unit. It goes out as a guidance message, so the
 * deliveries, "Đã nhận", the acknowledgement grid and "Gửi lại" are guidance's own.
 */
type ShareState = Extract<ConversationState, { kind: 'share_preview' }>;

/** Room for the credit and the answer (up to 3500 characters) within Telegram's 4096. */
export const MAX_NOTE_LENGTH = 300;

/** "🌟 Chia sẻ kinh nghiệm" under a report: one button per written answer. */
export async function chooseAnswerToShare(ctx: BotContext, reportId: number): Promise<void> {
  const found = await leaderReport(ctx, reportId);
  if (!found) return;
  const answers = shareableAnswers(found.template, found.report.answers);
  if (answers.length === 0) return void (await ctx.reply(vi.share.nothing));
  await ctx.reply(vi.share.chooseField, buttonRows([...answers.map((a) => ({ text: a.label, data: cb.sharePreview(reportId, a.key) })), { text: vi.button.cancel, data: cb.dismiss() }]));
}

/** An answer chosen: remember it as previewed and show what the units will get. */
export async function previewShare(ctx: BotContext, reportId: number, key: string): Promise<void> {
  const found = await leaderReport(ctx, reportId);
  if (!found) return;
  const answer = shareableAnswers(found.template, found.report.answers).find((a) => a.key === key);
  if (!answer) return void (await ctx.reply(vi.staleButton));
  const state: ShareState = { kind: 'share_preview', clusterId: found.report.cluster_id, reportId, fieldKey: key, text: answer.text };
  await setConversation(ctx.deps.db, ctx.actor!.person.id, state, ctx.deps.clock.now());
  await showPreview(ctx, state);
}

/** Text typed during the preview is the leader's note; typing again replaces it. */
export async function noteForShare(ctx: BotContext, state: ShareState, text: string): Promise<void> {
  const note = text.trim();
  if (note.length > MAX_NOTE_LENGTH) return void (await ctx.reply(vi.share.noteTooLong(MAX_NOTE_LENGTH)));
  const next: ShareState = { ...state, note };
  await setConversation(ctx.deps.db, ctx.actor!.person.id, next, ctx.deps.clock.now());
  await showPreview(ctx, next);
}

/** "✅ Gửi tới các đơn vị": record the share with one delivery per person, then send off the update. */
export async function sendShare(ctx: BotContext, state: ConversationState | undefined): Promise<void> {
  const { db, clock, log } = ctx.deps;
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  if (state?.kind !== 'share_preview' || state.clusterId !== leader.clusterId) return void (await ctx.reply(vi.staleButton));
  const found = await leaderReport(ctx, state.reportId);
  if (!found) return;
  const author = ctx.actor!.person;
  const recipients = await recipientsFor(ctx, found.report.unit_id);
  if (recipients.length === 0) {
    await clearConversation(db, author.id);
    return void (await ctx.reply(vi.share.noRecipients));
  }

  // The preview's end, the share, its deliveries and every queued copy are written together, like guidance.
  const { guidanceId, count } = await ctx.deps.outbox.withQueue(async (trx, queue) => {
    await clearConversation(trx, author.id);
    const { guidanceId, deliveries } = await createExperienceShare(trx, {
      clusterId: leader.clusterId,
      senderUnitId: leader.unitId,
      authorId: author.id,
      body: state.text,
      recipients,
      now: clock.now(),
      reportId: state.reportId,
      sourceUnitId: found.report.unit_id,
      fieldKey: state.fieldKey,
      note: state.note || null,
    });
    // Built from the stored share, exactly as "Gửi lại" will build it.
    const text = (await experienceMessage(trx, guidanceId, leader.unitName))!;
    await queueGuidance(trx, queue, { guidanceId, clusterId: leader.clusterId, content: { text }, leader: { chatId: ctx.chat!.id, personId: author.id }, round: 'share', deliveries });
    return { guidanceId, count: deliveries.length };
  });
  await ctx.reply(vi.share.sending);
  log.info('experience shared', { guidanceId, reportId: state.reportId, fieldKey: state.fieldKey, recipients: count });
}

async function showPreview(ctx: BotContext, state: ShareState): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  const found = await leaderReport(ctx, state.reportId);
  if (!leader || !found) return void (await clearConversation(ctx.deps.db, ctx.actor!.person.id));
  const recipients = await recipientsFor(ctx, found.report.unit_id);
  if (recipients.length === 0) {
    await clearConversation(ctx.deps.db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.share.noRecipients));
  }
  const label = shareableAnswers(found.template, found.report.answers).find((a) => a.key === state.fieldKey)?.label ?? state.fieldKey;
  const message = vi.share.message({ leaderUnit: leader.unitName, unit: found.unitName, name: found.name, label, text: state.text, note: state.note });
  await replyHtml(
    ctx,
    vi.share.preview(message, new Set(recipients.map((r) => r.unitId)).size, recipients.length, Boolean(state.note)),
    buttonRows([
      { text: vi.button.shareSend, data: cb.shareSend() },
      { text: vi.button.cancel, data: cancelButton.data('s') },
    ]),
  );
}

/** A submitted report of the leader's own cluster, or a refusal (and nothing else happens). */
async function leaderReport(ctx: BotContext, reportId: number) {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const report = await getReport(ctx.deps.db, reportId);
  if (!report || report.cluster_id !== leader.clusterId || report.status !== 'submitted') return void (await ctx.reply(vi.staleButton));
  const { template, name } = await reportContext(ctx.deps.db, report);
  const unitName = (await findUnitById(ctx.deps.db, report.unit_id))?.name ?? '';
  return { report, template, name, unitName };
}

/** Every registered person of every other unit, once each; not the leader sharing it. */
async function recipientsFor(ctx: BotContext, sourceUnitId: number) {
  const all = await clusterRecipients(ctx.deps.db, ctx.actor!.leaderOf!.clusterId);
  return all.filter((r) => r.unitId !== sourceUnitId && r.personId !== ctx.actor!.person.id);
}
