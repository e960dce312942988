import { isPermanent, sendMessage } from '../../delivery/send.js';
import { vi } from '../../i18n/vi.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { acknowledgeDelivery, createGuidance, deliveriesOf, recordDelivery } from '../../store/guidance.js';
import { listReportingUnits } from '../../store/clusters.js';
import { clusterRecipients, setReachable, type Recipient } from '../../store/people.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows, singleButton } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';
import { experienceMessage } from './share-message.js';

/** Room for the heading added around the leader's text within Telegram's 4096 characters. */
export const MAX_GUIDANCE_LENGTH = 3500;

export async function composeGuidance(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'guidance_compose', clusterId: leader.clusterId }, ctx.deps.clock.now());
  await ctx.reply(vi.guidance.askBody, singleButton(vi.button.cancel, cb.guidance('cancel')));
}

/** The leader's typed text becomes a preview with Send / Cancel. */
export async function previewGuidance(ctx: BotContext, text: string): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) {
    // The leader role moved while this person was writing: drop the draft, not their next messages.
    await clearConversation(ctx.deps.db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.notAllowed));
  }
  const body = text.trim();
  if (body.length > MAX_GUIDANCE_LENGTH) return void (await ctx.reply(vi.guidance.tooLong(MAX_GUIDANCE_LENGTH)));
  const recipients = await recipientsFor(ctx);
  if (recipients.length === 0) {
    await clearConversation(ctx.deps.db, ctx.actor!.person.id);
    return void (await ctx.reply(vi.guidance.noRecipients));
  }
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'guidance_preview', clusterId: leader.clusterId, body }, ctx.deps.clock.now());
  const reached = new Set(recipients.map((r) => r.unitId));
  const unreachable = (await listReportingUnits(ctx.deps.db, leader.clusterId)).filter((u) => !reached.has(u.id) && u.id !== leader.unitId).map((u) => u.name);
  await replyHtml(
    ctx,
    vi.guidance.preview(body, reached.size, recipients.length, unreachable),
    buttonRows([
      { text: vi.button.send, data: cb.guidance('send') },
      { text: vi.button.cancel, data: cb.guidance('cancel') },
    ]),
  );
}

/** "✖️ Hủy" under a prompt: drops what was being written (guidance, or a reason). */
export async function cancelGuidance(ctx: BotContext, state: ConversationState | undefined): Promise<void> {
  if (ctx.actor) await clearConversation(ctx.deps.db, ctx.actor.person.id);
  const message =
    state?.kind === 'leader_adjust'
      ? vi.adjust.cancelled
      : state?.kind === 'extension_request'
        ? vi.extension.cancelled
        : state?.kind === 'leader_feedback'
          ? vi.feedback.cancelled
          : state?.kind === 'share_preview'
            ? vi.share.cancelled
            : vi.guidance.cancelled;
  await ctx.reply(message);
}

export async function sendGuidance(ctx: BotContext, state: ConversationState | undefined): Promise<void> {
  const { db, clock, log, send } = ctx.deps;
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  if (state?.kind !== 'guidance_preview' || state.clusterId !== leader.clusterId) return void (await ctx.reply(vi.staleButton));
  const author = ctx.actor!.person;
  await clearConversation(db, author.id);

  const recipients = await recipientsFor(ctx);
  const { guidanceId, deliveries } = await createGuidance(db, {
    clusterId: leader.clusterId,
    senderUnitId: leader.unitId,
    authorId: author.id,
    body: state.body,
    recipients,
    now: clock.now(),
  });
  await ctx.reply(vi.guidance.sending);
  log.info('guidance created', { guidanceId, recipients: deliveries.length });

  const leaderChat = ctx.chat!.id;
  // Sending to every unit may take a while: do it off the update so polling goes on.
  ctx.deps.background(async () => {
    const failures = await deliver(ctx, vi.guidance.message(leader.unitName, state.body), deliveries);
    const keyboard = singleButton(vi.button.ackGrid, cb.guidanceGrid(guidanceId));
    await sendMessage(ctx.telegram, leaderChat, vi.guidance.result(deliveries.length - failures.length, deliveries.length, failures), keyboard, send);
  }, `guidance ${guidanceId}`);
}

/**
 * Sends a guidance message's text (guidance, or a shared experience) to each delivery's
 * person with "Đã nhận", and records the outcome; returns the failures.
 */
export async function deliver(ctx: BotContext, text: string, deliveries: { id: number; recipient: Recipient }[]) {
  const { db, clock, send } = ctx.deps;
  const failures = [];
  for (const { id, recipient } of deliveries) {
    const result = await sendMessage(ctx.telegram, recipient.chatId, text, singleButton(vi.button.received, cb.guidanceAck(id)), send);
    await recordDelivery(db, id, result.ok ? { ok: true, messageId: result.messageId, at: clock.now() } : { ok: false, error: result.description, at: clock.now() });
    if (!result.ok) {
      failures.push({ unit: recipient.unitName, person: recipient.fullName, reason: vi.deliveryFailure[result.failure] });
      if (isPermanent(result.failure)) await setReachable(db, recipient.personId, false);
    }
  }
  return failures;
}

/** Per unit: who acknowledged, who got it without pressing "Đã nhận", who could not be reached. */
export async function showAckGrid(ctx: BotContext, guidanceId: number, options: { edit?: boolean } = {}): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const rows = await deliveriesOf(ctx.deps.db, leader.clusterId, guidanceId);
  if (!rows) return void (await ctx.reply(vi.staleButton));
  const units = new Map<string, { acknowledged: number; waiting: string[]; failed: string[]; total: number }>();
  for (const r of rows) {
    const unit = units.get(r.unitName) ?? { acknowledged: 0, waiting: [], failed: [], total: 0 };
    unit.total++;
    if (r.acknowledgedAt) unit.acknowledged++;
    else if (r.status === 'failed') unit.failed.push(r.personName);
    else unit.waiting.push(r.personName);
    units.set(r.unitName, unit);
  }
  const owing = rows.some((r) => !r.acknowledgedAt);
  const text = vi.guidance.grid([...units.entries()].map(([unit, u]) => ({ unit, ...u })));
  const keyboard = buttonRows([
    ...(owing ? [{ text: vi.button.resend, data: cb.guidanceResend(guidanceId) }] : []),
    { text: vi.button.refresh, data: cb.guidanceGrid(guidanceId, true) },
  ]);
  if (options.edit && ctx.callbackQuery) {
    await ctx.editMessageText(text, { parse_mode: 'HTML', ...keyboard }).catch(() => undefined);
    return;
  }
  await replyHtml(ctx, text, keyboard);
}

/** Sends the guidance again to everyone who has not pressed "Đã nhận" (and to those it failed for). */
export async function resendGuidance(ctx: BotContext, guidanceId: number): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const { db } = ctx.deps;
  const rows = await deliveriesOf(db, leader.clusterId, guidanceId);
  const message = await db.selectFrom('guidance_messages').select('body').where('id', '=', guidanceId).where('cluster_id', '=', leader.clusterId).executeTakeFirst();
  if (!rows || !message) return void (await ctx.reply(vi.staleButton));
  // A shared experience goes again with its credit, not as plain guidance.
  const text = (await experienceMessage(db, guidanceId, leader.unitName)) ?? vi.guidance.message(leader.unitName, message.body);
  const pending = rows.filter((r) => !r.acknowledgedAt).map((r) => ({ id: r.id, recipient: { personId: r.personId, chatId: r.chatId, fullName: r.personName, unitId: r.unitId, unitName: r.unitName } }));
  const leaderChat = ctx.chat!.id;
  // Off the update, like the first sending: a large cluster must not hold up polling.
  ctx.deps.background(async () => {
    const failures = await deliver(ctx, text, pending);
    await sendMessage(ctx.telegram, leaderChat, vi.guidance.resent(pending.length - failures.length, pending.length), singleButton(vi.button.ackGrid, cb.guidanceGrid(guidanceId)), ctx.deps.send);
  }, `resend guidance ${guidanceId}`);
}

export async function acknowledgeGuidance(ctx: BotContext, deliveryId: number): Promise<void> {
  const acknowledged = ctx.actor ? await acknowledgeDelivery(ctx.deps.db, deliveryId, ctx.actor.person.id, ctx.deps.clock.now()) : false;
  await answerTap(ctx, acknowledged ? vi.guidance.acknowledged : undefined);
  if (acknowledged) await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
}

async function recipientsFor(ctx: BotContext) {
  const leader = ctx.actor!.leaderOf!;
  const all = await clusterRecipients(ctx.deps.db, leader.clusterId);
  return all.filter((r) => r.personId !== ctx.actor!.person.id);
}
