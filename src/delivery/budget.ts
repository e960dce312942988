/**
 * One budget for everything the bot sends to Telegram (direct replies and queued messages,
 * every process on the database): at most `perSecond` message-producing requests in any
 * rolling second as Telegram sees them (Bot API FAQ: about 30 messages a second in bulk).
 *
 * Telegram sees a request at some moment between when it leaves and when its answer comes
 * back, so a send counts against the rolling second from when it leaves until one second
 * after its answer. A new send may leave only while fewer than `perSecond` sends are in
 * flight or were answered within the last second; that holds whatever the network delay or
 * the machine's load (a late answer only keeps its slot longer).
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** Bot API methods that put or change a message in a chat: what Telegram's limits count. */
export const COUNTED_METHODS: ReadonlySet<string> = new Set([
  'sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'sendVideo', 'sendAudio', 'sendVoice', 'sendAnimation',
  'sendSticker', 'sendLocation', 'sendContact', 'sendPoll', 'copyMessage', 'copyMessages', 'forwardMessage', 'forwardMessages',
  'editMessageText', 'editMessageCaption', 'editMessageMedia', 'editMessageReplyMarkup',
]);

/** Any fixed number shared by every process on the database. */
const BUDGET_LOCK = 724_200;

export interface SendBudget {
  readonly perSecond: number;
  /**
   * Waits until a send may leave, records it as leaving (for `chatId`, so the outbox keeps
   * its per-chat gap after it) and returns `answered`, to call once its answer (or error, or
   * timeout) is back. Never holds a transaction while waiting.
   */
  take(chatId: number | undefined): Promise<Answered>;
}

/** Stamps the send as answered at the moment it is called. Never throws. */
export type Answered = () => Promise<void>;

export interface BudgetOptions {
  db: Db;
  perSecond: number;
  /** A send with no answer after this long is no longer counted (its process died). */
  staleMs?: number;
  /** Called when stamping or pruning fails (the slot then frees itself after `staleMs`). */
  onError?: (error: unknown) => void;
}

export function createSendBudget(options: BudgetOptions): SendBudget {
  const { db, perSecond } = options;
  const staleMs = options.staleMs ?? 60_000;
  // One attempt at a time in this process: waiting sends go first come, first served.
  let turn: Promise<unknown> = Promise.resolve();
  let lastPrune = 0;

  async function tryTake(chatId: number | undefined): Promise<{ id: number } | { waitMs: number }> {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${BUDGET_LOCK})`.execute(trx);
      // Read after the lock is held: every earlier take is committed and counted.
      const now = new Date();
      const { rows } = await sql<{ busy: number | string; oldest: Date | null }>`
        select count(*) as busy, min(answered_at) as oldest from send_budget
        where (answered_at is null and left_at > ${new Date(now.getTime() - staleMs)})
           or answered_at > ${new Date(now.getTime() - 1000)}`.execute(trx);
      const busy = Number(rows[0]?.busy ?? 0);
      if (busy >= perSecond) {
        const oldest = rows[0]?.oldest ? new Date(rows[0].oldest).getTime() : undefined;
        // The oldest answered send frees its slot one second after its answer; all in flight: look again soon.
        return { waitMs: oldest === undefined ? 10 : Math.max(2, oldest + 1000 - now.getTime() + 1) };
      }
      const row = await trx.insertInto('send_budget').values({ chat_id: chatId ?? null, left_at: now }).returning('id').executeTakeFirstOrThrow();
      return { id: Number(row.id) };
    });
  }

  async function prune(): Promise<void> {
    const now = Date.now();
    if (now - lastPrune < 10_000) return;
    lastPrune = now;
    await db.deleteFrom('send_budget').where('left_at', '<', new Date(now - Math.max(staleMs, 60_000) * 2)).execute();
  }

  async function takeInTurn(chatId: number | undefined): Promise<Answered> {
    for (;;) {
      const result = await tryTake(chatId);
      if ('id' in result) {
        prune().catch((error) => options.onError?.(error));
        return async () => {
          const answeredAt = new Date();
          await db.updateTable('send_budget').set({ answered_at: answeredAt }).where('id', '=', result.id).execute().catch((error) => options.onError?.(error));
        };
      }
      await new Promise((resolve) => setTimeout(resolve, result.waitMs));
    }
  }

  return {
    perSecond,
    take(chatId) {
      const mine = turn.then(() => takeInTurn(chatId));
      turn = mine.catch(() => undefined);
      return mine;
    },
  };
}
