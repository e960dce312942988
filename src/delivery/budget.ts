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
 *
 * Slots are counted in a table (send_budget, migration 0015) under an advisory lock, so every
 * process on the database shares them. To keep that cheap (PGlite runs one query at a time),
 * one transaction grants slots to every send waiting in this process, including slots that
 * free within the next 250 ms (the send then waits for its moment); no transaction is held
 * while a send is on the network. Answers are stamped in batches too: the moment is taken
 * when the answer comes, written with the next take (in its transaction) or within
 * `stampDelayMs`; until then the send counts as in flight, which only errs on the safe side.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** Bot API methods that put or change a message in a chat: what Telegram's limits count. */
export const COUNTED_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'sendVideo',
  'sendAudio',
  'sendVoice',
  'sendAnimation',
  'sendSticker',
  'sendLocation',
  'sendContact',
  'sendPoll',
  'copyMessage',
  'copyMessages',
  'forwardMessage',
  'forwardMessages',
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
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
  /** Resolves once no write of the budget is under way (before the database is closed). */
  idle(): Promise<void>;
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
  /** At most this long between an answer and its stamp in the table (default 20 ms). */
  stampDelayMs?: number;
}

export function createSendBudget(options: BudgetOptions): SendBudget {
  const { db, perSecond } = options;
  const staleMs = options.staleMs ?? 60_000;
  // Slots are granted up to this far ahead, so one transaction serves many sends.
  const horizonMs = 250;
  // Sends waiting in this process, first come first served; one pump takes slots for as many
  // of them as fit, in one transaction (few round trips however many wait).
  const waiting: { chatId: number | null; resolve: (answered: Answered) => void; reject: (error: unknown) => void }[] =
    [];
  let pumping = false;
  let lastPrune = 0;
  const stampDelayMs = options.stampDelayMs ?? 20;
  // Answers not yet stamped in the table: written by the next take or by the timer.
  let stamps: { id: number; at: Date; done: () => void }[] = [];
  let stampTimer: NodeJS.Timeout | undefined;

  /** Writes the stamps in one statement. */
  async function writeStamps(executor: Db, batch: typeof stamps): Promise<void> {
    if (batch.length === 0) return;
    await sql`update send_budget b set answered_at = v.at
      from (select unnest(${batch.map((s) => s.id)}::int8[]) as id, unnest(${batch.map((s) => s.at.toISOString())}::timestamptz[]) as at) v
      where b.id = v.id`.execute(executor);
  }

  /** Writes the waiting stamps (`work` a transaction that writes them first); put back if it fails. */
  async function withStamps<T>(work: (batch: typeof stamps) => Promise<T>): Promise<T> {
    const batch = stamps;
    stamps = [];
    try {
      const result = await work(batch);
      for (const s of batch) s.done();
      return result;
    } catch (error) {
      stamps = batch.concat(stamps);
      armStampTimer();
      throw error;
    }
  }

  /** Writes what is waiting within `stampDelayMs`; a failure is reported and the slots free themselves after `staleMs`. */
  function armStampTimer(): void {
    if (stampTimer || stamps.length === 0) return;
    stampTimer = setTimeout(() => {
      stampTimer = undefined;
      const batch = stamps;
      stamps = [];
      void track(
        writeStamps(db, batch)
          .catch((error) => options.onError?.(error))
          .finally(() => batch.forEach((s) => s.done())),
      );
    }, stampDelayMs);
  }

  /**
   * Takes up to `chatIds.length` slots, each for a moment at most `horizonMs` from now: at once
   * if free, else when an answered send's second runs out. Rows are stamped with that moment
   * and count as in flight from now on, so the grants stay valid for every process. Returns
   * the grants in order of time, or how long to wait if none is free within the horizon.
   */
  async function tryTake(
    chatIds: (number | null)[],
  ): Promise<{ grants: { id: number; at: number }[] } | { waitMs: number }> {
    return withStamps((batch) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${BUDGET_LOCK})`.execute(trx);
        // This process's answers first, so they count as answered (put back if the transaction fails).
        await writeStamps(trx, batch);
        // Read after the lock is held: every earlier take is committed and counted.
        const now = Date.now();
        const [{ rows: flying }, { rows: answered }] = [
          await sql<{
            n: number | string;
          }>`select count(*) as n from send_budget where answered_at is null and left_at > ${new Date(now - staleMs)}`.execute(
            trx,
          ),
          await sql<{
            at: Date;
          }>`select answered_at as at from send_budget where answered_at > ${new Date(now - 1000)} order by answered_at`.execute(
            trx,
          ),
        ];
        const inFlight = Number(flying[0]?.n ?? 0);
        const answers = answered.map((r) => new Date(r.at).getTime());
        const moments: number[] = [];
        // Busy at moment t: what is in flight (granted here included) and what was answered after t - 1 s.
        for (const t of [now, ...answers.map((a) => a + 1001)]) {
          if (t > now + horizonMs) break;
          const busy = () => inFlight + moments.length + answers.filter((a) => a > t - 1000).length;
          while (moments.length < chatIds.length && busy() < perSecond) moments.push(t);
          if (moments.length === chatIds.length) break;
        }
        if (moments.length === 0) {
          const next = answers.map((a) => a + 1001).find((t) => t > now + horizonMs);
          // All in flight: look again soon; else when the oldest answer's second runs out.
          return { waitMs: next === undefined ? 10 : Math.max(2, next - horizonMs - now) };
        }
        if (now - lastPrune > 10_000) {
          lastPrune = now;
          await trx
            .deleteFrom('send_budget')
            .where('left_at', '<', new Date(now - Math.max(staleMs, 60_000) * 2))
            .execute();
        }
        const taken = await trx
          .insertInto('send_budget')
          .values(moments.map((at, i) => ({ chat_id: chatIds[i]!, left_at: new Date(at) })))
          .returning('id')
          .execute();
        return { grants: taken.map((r, i) => ({ id: Number(r.id), at: moments[i]! })) };
      }),
    );
  }

  // Writes under way, so the database is not closed under them.
  const writes = new Set<Promise<unknown>>();
  const track = (write: Promise<unknown>) => {
    writes.add(write);
    void write.finally(() => writes.delete(write));
    return write;
  };

  const answeredFor =
    (id: number): Answered =>
    async () => {
      const stamped = new Promise<void>((done) => stamps.push({ id, at: new Date(), done }));
      armStampTimer();
      await track(stamped);
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
        const served = waiting.splice(0, result.grants.length);
        served.forEach((w, i) => {
          const { id, at } = result.grants[i]!;
          const delay = at - Date.now();
          if (delay <= 0) w.resolve(answeredFor(id));
          else setTimeout(() => w.resolve(answeredFor(id)), delay);
        });
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
        if (!pumping) void track(pump());
      });
    },
    async idle() {
      while (writes.size > 0) await Promise.allSettled([...writes]);
    },
  };
}
