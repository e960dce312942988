import { z } from 'zod';
import { type Db, inTransaction } from '../../db/connect.js';
import { createBatch, enqueue, textMessage, type OutgoingMessage } from '../../delivery/outbox.js';
import { vi } from '../../i18n/vi.js';
import { clearConversation, setConversation, type ConversationState } from '../../store/conversations.js';
import { acknowledgeDelivery, createGuidance, deliveriesOf, linkDeliveries, recentGuidance } from '../../store/guidance.js';
import { listReportingUnits } from '../../store/clusters.js';
import { clusterRecipients, type Recipient } from '../../store/people.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonGrid, buttonRows, singleButton } from '../keyboards.js';
import { answerTap, replyHtml } from '../reply.js';
import { experienceMessage } from './share-message.js';

/** Room for the heading added around the leader's text within Telegram's 4096 characters. */
export const MAX_GUIDANCE_LENGTH = 3500;
/** How many earlier messages "Các thông báo đã gửi" lists: one row of buttons. */
const HISTORY_LENGTH = 5;

export async function composeGuidance(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  await setConversation(ctx.deps.db, ctx.actor!.person.id, { kind: 'guidance_compose', clusterId: leader.clusterId }, ctx.deps.clock.now());
  await ctx.reply(
    vi.guidance.askBody,
    buttonRows([
      { text: vi.button.guidanceHistory, data: cb.guidanceList() },
      { text: vi.button.cancel, data: cb.guidance('cancel') },
    ]),
  );
}

/** The latest guidance of the cluster, also what earlier leaders sent, each with its "Đã nhận" grid. */
export async function showGuidanceHistory(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const items = await recentGuidance(ctx.deps.db, leader.clusterId, HISTORY_LENGTH);
  if (items.length === 0) return void (await ctx.reply(vi.guidance.historyEmpty));
  await replyHtml(ctx, vi.guidance.history(items), buttonGrid([items.map((g, i) => ({ text: `📋 ${i + 1}`, data: cb.guidanceGrid(g.id) }))]));
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
          : state?.kind === 'thread_message'
            ? vi.thread.cancelled
          : state?.kind === 'share_preview'
            ? vi.share.cancelled
            : vi.guidance.cancelled;
  await ctx.reply(message);
}

export async function sendGuidance(ctx: BotContext, state: ConversationState | undefined): Promise<void> {
  const { db, clock, log } = ctx.deps;
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  if (state?.kind !== 'guidance_preview' || state.clusterId !== leader.clusterId) return void (await ctx.reply(vi.staleButton));
  const author = ctx.actor!.person;
  await clearConversation(db, author.id);

  const recipients = await recipientsFor(ctx);
  // The message, its deliveries and every queued copy are written together: nothing is lost to a crash.
  const { guidanceId, count } = await inTransaction(db, async (trx) => {
    const { guidanceId, deliveries } = await createGuidance(trx, {
      clusterId: leader.clusterId,
      senderUnitId: leader.unitId,
      authorId: author.id,
      body: state.body,
      recipients,
      now: clock.now(),
    });
    await queueGuidance(trx, { guidanceId, clusterId: leader.clusterId, text: vi.guidance.message(leader.unitName, state.body), leader: { chatId: ctx.chat!.id, personId: author.id }, round: 'first', deliveries });
    return { guidanceId, count: deliveries.length };
  });
  ctx.deps.outbox.wake();
  await ctx.reply(vi.guidance.sending);
  log.info('guidance queued', { guidanceId, recipients: count });
}

/** What the sender calls back with when a guidance batch is settled: the tally goes to the leader. */
const guidanceBatch = z.object({ kind: z.literal('guidance'), guidanceId: z.number(), chatId: z.number(), personId: z.number(), round: z.enum(['first', 'again', 'share']) });
type Round = z.infer<typeof guidanceBatch>['round'];

/**
 * Queues a guidance message's text (guidance, or a shared experience) to each delivery's person
 * with "Đã nhận", as one batch whose end the leader hears about.
 */
export async function queueGuidance(
  db: Db,
  input: { guidanceId: number; clusterId: number; text: string; leader: { chatId: number; personId: number }; round: Round; deliveries: { id: number; recipient: Pick<Recipient, 'chatId' | 'personId'> }[] },
): Promise<void> {
  const onDone: z.infer<typeof guidanceBatch> = { kind: 'guidance', guidanceId: input.guidanceId, ...input.leader, round: input.round };
  const batchId = await createBatch(db, onDone);
  const messages = input.deliveries.map(({ id, recipient }) =>
    textMessage({ chatId: recipient.chatId, personId: recipient.personId, clusterId: input.clusterId }, input.text, singleButton(vi.button.received, cb.guidanceAck(id)), { batchId, dedupeKey: `guidance:${id}:${batchId}` }),
  );
  const outboxIds = await enqueue(db, messages);
  await linkDeliveries(db, input.deliveries.map((d, i) => ({ deliveryId: d.id, outboxId: outboxIds[i]! })));
}

/** The leader's tally once a guidance batch is settled; undefined for other batches. */
export async function guidanceTally(db: Db, onDone: unknown, batchId: number): Promise<OutgoingMessage[] | undefined> {
  const parsed = guidanceBatch.safeParse(onDone);
  if (!parsed.success) return undefined;
  const { guidanceId, chatId, personId, round } = parsed.data;
  const rows = await db
    .selectFrom('outbox as o')
    .innerJoin('guidance_deliveries as d', 'd.outbox_id', 'o.id')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['o.status', 'o.failure', 'p.full_name', 'u.name as unitName'])
    .where('o.batch_id', '=', batchId)
    .execute();
  const sent = rows.filter((r) => r.status === 'sent').length;
  const failures = rows.filter((r) => r.status !== 'sent').map((r) => ({ unit: r.unitName, person: r.full_name, reason: vi.deliveryFailure[failureKind(r.status, r.failure)] }));
  const text = { first: vi.guidance.result, share: vi.share.result, again: vi.guidance.resent }[round](sent, rows.length, failures);
  return [textMessage({ chatId, personId }, text, singleButton(vi.button.ackGrid, cb.guidanceGrid(guidanceId)))];
}

function failureKind(status: string | null, failure: string | null): keyof typeof vi.deliveryFailure {
  if (status === 'uncertain') return 'uncertain';
  if (failure === 'blocked' || failure === 'not_found' || failure === 'unreachable') return failure;
  return 'other';
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
    else if (r.status === 'failed' || r.status === 'expired' || !r.reachable) unit.failed.push(r.personName);
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

/** Sends the guidance again to everyone who has not pressed "Đã nhận" and can still be reached. */
export async function resendGuidance(ctx: BotContext, guidanceId: number): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const { db } = ctx.deps;
  const rows = await deliveriesOf(db, leader.clusterId, guidanceId);
  const message = await db.selectFrom('guidance_messages').select('body').where('id', '=', guidanceId).where('cluster_id', '=', leader.clusterId).executeTakeFirst();
  if (!rows || !message) return void (await ctx.reply(vi.staleButton));
  // A shared experience goes again with its credit, not as plain guidance.
  const text = (await experienceMessage(db, guidanceId, leader.unitName)) ?? vi.guidance.message(leader.unitName, message.body);
  const pending = rows.filter((r) => !r.acknowledgedAt && r.reachable).map((r) => ({ id: r.id, recipient: { personId: r.personId, chatId: r.chatId } }));
  if (pending.length === 0) return void (await ctx.reply(vi.guidance.nobodyToResend));
  await inTransaction(db, (trx) =>
    queueGuidance(trx, { guidanceId, clusterId: leader.clusterId, text, leader: { chatId: ctx.chat!.id, personId: ctx.actor!.person.id }, round: 'again', deliveries: pending }),
  );
  ctx.deps.outbox.wake();
  await ctx.reply(vi.guidance.resending(pending.length));
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
