/**
 * Guidance on its way out: each delivery's messages queued as one batch, and the tally the
 * leader gets once the batch is settled. Used by guidance, shared experience, "Gửi lại" and
 * the automatic re-nudge (reminders/renudge.ts), so it lives below the bot.
 */
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import {
  createBatch,
  fileMessage,
  MAX_CAPTION,
  textMessage,
  type OutgoingMessage,
  type Recipient as OutboxRecipient,
} from '../delivery/outbox.js';
import type { Queue } from '../delivery/sender.js';
import { button, inlineKeyboard, seg } from '../domain/buttons.js';
import { vi } from '../i18n/vi.js';
import {
  findGuidance,
  listBatchMessages,
  updateDeliveryMessages,
  type BatchMessage,
  type GuidanceFile,
} from '../store/guidance.js';
import { clearConversation } from '../store/conversations.js';
import { leaderRecipients } from '../store/people.js';
import type { UnitRef } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { experienceMessage } from './share-message.js';

/**
 * The buttons under guidance notices; the guidance feature (bot/features/guidance.ts)
 * registers their handlers. The data strings are those of the buttons already in people's chats.
 */
export const guidanceNoticeButtons = {
  /** "Đã nhận" under a person's copy: the delivery id. */
  ack: button('gd:ack', seg.id),
  /** "📋 Xem ai đã nhận" (grid) and its "🔄 Cập nhật" (regrid): the guidance id. */
  grid: button('gd', z.enum(['grid', 'regrid']), seg.id),
};

/**
 * What the sender calls back with when a guidance batch is settled. Without `chatId` the
 * tally goes to whoever holds the leader's desk then (the automatic re-nudge: nobody asked).
 */
const guidanceBatch = z.object({
  kind: z.literal('guidance'),
  guidanceId: z.number(),
  chatId: z.number().optional(),
  personId: z.number().optional(),
  round: z.enum(['first', 'again', 'share', 'renudge']),
});
export type Round = z.infer<typeof guidanceBatch>['round'];

export interface GuidanceContent {
  text: string;
  file?: GuidanceFile | undefined;
}

/**
 * One delivery's messages; the last carries "Đã nhận". With a file, the text is its caption
 * when it fits; otherwise the file goes first and the text follows (one chat's messages
 * leave in order).
 */
export function guidanceMessages(
  to: OutboxRecipient,
  deliveryId: number,
  content: GuidanceContent,
  options: { batchId: number; expiresAt?: Date | undefined },
): OutgoingMessage[] {
  const received = inlineKeyboard([[{ text: vi.button.received, data: guidanceNoticeButtons.ack.data(deliveryId) }]]);
  const extra = { batchId: options.batchId, ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}) };
  const key = `guidance:${deliveryId}:${options.batchId}`;
  const { file, text } = content;
  if (!file) return [textMessage(to, text, received, { ...extra, dedupeKey: key })];
  // The HTML is never shorter than what Telegram counts, so this errs on the safe side.
  if (text.length <= MAX_CAPTION) return [fileMessage(to, file, text, received, { ...extra, dedupeKey: key })];
  return [
    fileMessage(to, file, vi.guidance.fileCaption, {}, { ...extra, dedupeKey: `${key}:file` }),
    textMessage(to, text, received, { ...extra, dedupeKey: key }),
  ];
}

/**
 * Queues the guidance to each delivery's person with "Đã nhận", as one batch whose end the
 * leader hears about, and links each delivery to the message carrying its button. Runs in
 * the caller's transaction (`db` and `queue` from outbox.withQueue).
 */
export async function queueGuidance(
  db: Db,
  queue: Queue,
  input: {
    guidanceId: number;
    clusterId: number;
    content: GuidanceContent;
    /** Who gets the tally; undefined: the cluster's leaders at the time. */
    leader?: { chatId: number; personId: number } | undefined;
    round: Round;
    deliveries: { id: number; recipient: { chatId: number; personId: number } }[];
    /** Not sent after this (the re-nudge must not arrive at night). */
    expiresAt?: Date | undefined;
  },
): Promise<void> {
  const onDone: z.infer<typeof guidanceBatch> = {
    kind: 'guidance',
    guidanceId: input.guidanceId,
    ...input.leader,
    round: input.round,
  };
  const batchId = await createBatch(db, onDone);
  const perDelivery = input.deliveries.map(({ id, recipient }) =>
    guidanceMessages(
      { chatId: recipient.chatId, personId: recipient.personId, clusterId: input.clusterId },
      id,
      input.content,
      { batchId, expiresAt: input.expiresAt },
    ),
  );
  const outboxIds = await queue(perDelivery.flat());
  // The ids come back in order: each delivery's last message is the one with the button.
  const links: { deliveryId: number; outboxId: number }[] = [];
  let end = 0;
  for (const [i, messages] of perDelivery.entries()) {
    end += messages.length;
    links.push({ deliveryId: input.deliveries[i]!.id, outboxId: outboxIds[end - 1]! });
  }
  await updateDeliveryMessages(db, links);
}

/** What the units get for a stored guidance message (or shared experience), as first sent; undefined if not of this cluster. */
export async function guidanceContent(
  db: Db,
  clusterId: number,
  guidanceId: number,
): Promise<(GuidanceContent & { createdAt: Date }) | undefined> {
  const guidance = await findGuidance(db, guidanceId, { clusterId });
  if (!guidance) return undefined;
  // A shared experience goes again with its credit, not as plain guidance.
  const text =
    (await experienceMessage(db, guidanceId, guidance.senderUnit)) ??
    vi.guidance.message(guidance.senderUnit, guidance.body);
  return { text, file: guidance.file, createdAt: guidance.createdAt };
}

/** The leader's tally once a guidance batch is settled (sender hook); undefined for other batches. */
export async function guidanceTally(db: Db, onDone: unknown, batchId: number): Promise<OutgoingMessage[] | undefined> {
  const parsed = guidanceBatch.safeParse(onDone);
  if (!parsed.success) return undefined;
  const { guidanceId, chatId, personId, round } = parsed.data;
  // This batch's own messages, one or two per person.
  const messages = await listBatchMessages(db, guidanceId, batchId);
  // A delivery arrived if all its messages did; otherwise its first failure says why.
  const byDelivery = new Map<number, BatchMessage>();
  for (const m of messages)
    if (!byDelivery.has(m.deliveryId) || (byDelivery.get(m.deliveryId)!.status === 'sent' && m.status !== 'sent'))
      byDelivery.set(m.deliveryId, m);
  const rows = [...byDelivery.values()];
  const sent = rows.filter((r) => r.status === 'sent').length;
  const failures = rows
    .filter((r) => r.status !== 'sent')
    .map((r) => ({
      unit: r.unitName,
      person: r.personName,
      reason: vi.deliveryFailure[failureKind(r.status, r.failure)],
    }));
  const guidance = await findGuidance(db, guidanceId);
  if (!guidance) return [];
  const text =
    round === 'renudge'
      ? vi.guidance.renudged(guidance.createdAt, sent, rows.length, failures)
      : { first: vi.guidance.result, share: vi.share.result, again: vi.guidance.resent }[round](
          sent,
          rows.length,
          failures,
        );
  const to = chatId !== undefined ? [{ chatId, personId }] : await leaderRecipients(db, guidance.clusterId);
  const grid = inlineKeyboard([
    [{ text: vi.button.ackGrid, data: guidanceNoticeButtons.grid.data('grid', guidanceId) }],
  ]);
  return to.map((leader) =>
    textMessage(
      {
        chatId: leader.chatId,
        clusterId: guidance.clusterId,
        ...(leader.personId !== undefined ? { personId: leader.personId } : {}),
      },
      text,
      grid,
    ),
  );
}

/** Which words say why a queued message did not arrive: a refusal is never called a network fault. */
export function failureKind(status: string | null, failure: string | null): keyof typeof vi.deliveryFailure {
  if (status === 'uncertain') return 'uncertain';
  if (status === 'expired') return 'expired';
  if (
    failure === 'blocked' ||
    failure === 'not_found' ||
    failure === 'deleted' ||
    failure === 'unreachable' ||
    failure === 'rejected'
  )
    return failure;
  return 'other';
}

/** Who sends a leader's broadcast: the cluster and the unit the leader speaks for, and the person. */
export interface BroadcastSender {
  clusterId: number;
  senderUnitId: number;
  authorId: number;
}

/**
 * A leader's broadcast (guidance, a shared experience), in one transaction: the leader's open
 * prompt ended, the message recorded by `record` with one delivery per person, and every copy
 * (`content`, read in the same transaction) queued as the batch of `round`, whose tally goes
 * to the leader. Returns the guidance id and how many people it goes to.
 */
export async function sendBroadcast(
  deps: ServiceDeps,
  leader: UnitRef,
  author: { id: number; chat_id: number },
  round: Round,
  record: (
    trx: Db,
    from: BroadcastSender,
  ) => Promise<{ guidanceId: number; deliveries: { id: number; recipient: { chatId: number; personId: number } }[] }>,
  content: (trx: Db, guidanceId: number) => Promise<GuidanceContent>,
): Promise<{ guidanceId: number; count: number }> {
  return deps.outbox.withQueue(async (trx, queue) => {
    await clearConversation(trx, author.id);
    const from = { clusterId: leader.clusterId, senderUnitId: leader.unitId, authorId: author.id };
    const { guidanceId, deliveries } = await record(trx, from);
    await queueGuidance(trx, queue, {
      guidanceId,
      clusterId: leader.clusterId,
      content: await content(trx, guidanceId),
      leader: { chatId: author.chat_id, personId: author.id },
      round,
      deliveries,
    });
    return { guidanceId, count: deliveries.length };
  });
}
