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
  // Sends waiting in this process, first come first served; one pump takes slots for as many
  // of them as fit, in one transaction (few round trips however many wait).
  const waiting: { chatId: number | null; resolve: (answered: Answered) => void; reject: (error: unknown) => void }[] = [];
  let pumping = false;
  let lastPrune = 0;

  /** Takes up to `chatIds.length` slots; returns the rows taken, or how long to wait if none is free. */
  async function tryTake(chatIds: (number | null)[]): Promise<{ ids: number[] } | { waitMs: number }> {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${BUDGET_LOCK})`.execute(trx);
      // Read after the lock is held: every earlier take is committed and counted.
      const now = new Date();
      const { rows } = await sql<{ busy: number | string; oldest: Date | null }>`
        select count(*) as busy, min(answered_at) as oldest from send_budget
        where (answered_at is null and left_at > ${new Date(now.getTime() - staleMs)})
           or answered_at > ${new Date(now.getTime() - 1000)}`.execute(trx);
      const free = perSecond - Number(rows[0]?.busy ?? 0);
      if (free <= 0) {
        const oldest = rows[0]?.oldest ? new Date(rows[0].oldest).getTime() : undefined;
        // The oldest answered send frees its slot one second after its answer; all in flight: look again soon.
        return { waitMs: oldest === undefined ? 10 : Math.max(2, oldest + 1000 - now.getTime() + 1) };
      }
      const taken = await trx
        .insertInto('send_budget')
        .values(chatIds.slice(0, free).map((chatId) => ({ chat_id: chatId, left_at: now })))
        .returning('id')
        .execute();
      return { ids: taken.map((r) => Number(r.id)) };
    });
  }

  async function prune(): Promise<void> {
    const now = Date.now();
    if (now - lastPrune < 10_000) return;
    lastPrune = now;
    await db.deleteFrom('send_budget').where('left_at', '<', new Date(now - Math.max(staleMs, 60_000) * 2)).execute();
  }

  const answeredFor = (id: number): Answered => async () => {
    const answeredAt = new Date();
    await db.updateTable('send_budget').set({ answered_at: answeredAt }).where('id', '=', id).execute().catch((error) => options.onError?.(error));
  };

  async function pump(): Promise<void> {
    pumping = true;
    try {
      while (waiting.length > 0) {
        let result: Awaited<ReturnType<typeof tryTake>>;
        try {
          result = await tryTake(waiting.map((w) => w.chatId));
        } catch (error) {
          for (const w of waiting.splice(0)) w.reject(error);
          return;
        }
        if ('waitMs' in result) {
          await new Promise((resolve) => setTimeout(resolve, result.waitMs));
          continue;
        }
        const served = waiting.splice(0, result.ids.length);
        served.forEach((w, i) => w.resolve(answeredFor(result.ids[i]!)));
        prune().catch((error) => options.onError?.(error));
      }
    } finally {
      pumping = false;
    }
  }

  return {
    perSecond,
    take(chatId) {
      return new Promise<Answered>((resolve, reject) => {
        waiting.push({ chatId: chatId ?? null, resolve, reject });
        if (!pumping) void pump();
      });
    },
  };
}
