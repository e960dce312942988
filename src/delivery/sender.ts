import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { Clock } from '../clock.js';
import { inTransaction, type Db } from '../db/connect.js';
import type { Logger } from '../log.js';
import { markUnreachable } from '../store/people.js';
import { createSendBudget, type SendBudget } from './budget.js';
import { neverLeft, traced, type RequestTrace } from './network.js';
import { decide, DEFAULT_RETRY, type Attempt, type Failure, type RetryPolicy } from './outcome.js';
import {
  claimNext,
  closeBatchIfDone,
  enqueue,
  holdingWorkers,
  moveChat,
  nextDue,
  recoverAbandoned,
  settle,
  unsettledCount,
  type ClaimedMessage,
  type OutgoingMessage,
  type Pace,
} from './outbox.js';

/** What the rest of the app may ask of the sender. */
export interface Outbox {
  /** Wakes the sender after messages were queued some other way (in a transaction that has committed). */
  wake(): void;
  /**
   * Runs `work` in one transaction with the change it makes: what it queues is sent once the
   * change is committed, and is never lost or sent without it.
   */
  withQueue<T>(work: (trx: Db, queue: Queue) => Promise<T>): Promise<T>;
}

/** Queues messages in the current transaction; returns their outbox ids, in order. */
export type Queue = (messages: OutgoingMessage[]) => Promise<number[]>;

/**
 * An outbox that queues in the caller's transaction and calls `wake` once a transaction that
 * queued something has committed. The sender passes its own wake; a test or a CLI command that
 * only queues (a sender elsewhere sends) passes none.
 */
export function queueingOutbox(db: Db, wake: () => void = () => undefined): Outbox {
  return {
    wake,
    async withQueue(work) {
      let queued = 0;
      const result = await inTransaction(db, (trx) =>
        work(trx, (messages) => {
          queued += messages.length;
          return enqueue(trx, messages);
        }),
      );
      if (queued) wake();
      return result;
    },
  };
}

export interface SenderHooks {
  /** Messages to queue once every message of a batch is settled (a tally for the leader). */
  batchDone?(db: Db, onDone: unknown, batchId: number): Promise<OutgoingMessage[]>;
  /**
   * Messages to queue when a person is found unreachable for the first time (a word to the
   * leader). `key` makes them unique when the refused send was not a queued message (a reply).
   */
  unreachable?(
    db: Db,
    message: Pick<ClaimedMessage, 'id' | 'personId' | 'clusterId'>,
    failure: Failure,
    key?: string,
  ): Promise<OutgoingMessage[]>;
}

export interface SenderOptions {
  db: Db;
  telegram: Telegram;
  log: Logger;
  /** The app's clock: decides when a message has expired (reminders computed on it). */
  clock: Clock;
  hooks?: SenderHooks;
  pace?: Partial<Pace>;
  retry?: Partial<RetryPolicy>;
  /** A send with no answer after this long is abandoned as uncertain. */
  sendTimeoutMs?: number;
  /** Idle polling, for messages queued by other processes. */
  pollMs?: number;
  /** Messages sent at once; fewer in flight means fewer that may arrive twice after a crash. */
  maxInFlight?: number;
  /**
   * No other process can use this database (the embedded one, behind its lock): messages held
   * by another sender at start were left by a dead process and are taken over at once, not
   * after the lease.
   */
  onlyProcess?: boolean;
  /**
   * The send budget shared with direct replies (and, through the database, other processes);
   * by default one of `pace.perSecond` on `db`.
   */
  budget?: SendBudget;
}

export const DEFAULT_PACE: Pace = { perSecond: 30, chatIntervalMs: 1000, groupIntervalMs: 3000 };

export interface Sender extends Outbox {
  /** Resolves when nothing is left waiting or being sent (tests, orderly shutdown). */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sends what the outbox holds until stopped. Any number of senders (processes) may share one
 * database: claims decide who sends what, so each message is sent by one of them.
 */
export function startSender(options: SenderOptions): Sender {
  const { db, telegram, log, clock, hooks = {} } = options;
  const pace = { ...DEFAULT_PACE, ...options.pace };
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  // Longer than any send can take, so a live sender never has its message taken away.
  const leaseMs = sendTimeoutMs + 5_000;
  const pollMs = options.pollMs ?? 1000;
  // Pacing and leases run on wall time, whatever clock the app runs on.
  const now = () => new Date();
  const worker = workerId();
  liveWorkers.add(worker);
  const maxInFlight = options.maxInFlight ?? 10;
  const budget =
    options.budget ??
    createSendBudget({
      db,
      perSecond: pace.perSecond,
      onError: (error) => log.warn('send budget bookkeeping failed', { error }),
    });

  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  let wakeUp: (() => void) | undefined;
  // A wake-up that came while the loop was busy: the next sleep is skipped.
  let woken = false;
  let lastRecovery = 0;
  const wake = () => {
    if (wakeUp) wakeUp();
    else woken = true;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function sendOne(message: ClaimedMessage): Promise<void> {
    const at = now();
    if (message.removed) return void (await finish(message, { status: 'expired' }));
    if (message.skip)
      return void (await finish(message, {
        status: 'failed',
        failure: 'unreachable',
        error: 'person marked unreachable',
      }));
    if (message.expiresAt && clock.now() > message.expiresAt)
      return void (await finish(message, { status: 'expired' }));
    // Counted from when it leaves until a second after its answer, with everything else the bot sends.
    const answered = await budget.take(message.chatId);
    const attempt = await callTelegram(telegram, message, sendTimeoutMs);
    // Stamped with the moment of the answer; the write need not hold this send's slot.
    void answered();
    const decision = decide(attempt, { attempts: message.attempts, queuedAt: message.createdAt }, now(), retry);
    switch (decision.action) {
      case 'done':
        return void (await finish(message, { status: 'sent', messageId: decision.messageId }));
      case 'retry':
        log.warn('send will be retried', {
          outboxId: message.id,
          chatId: message.chatId,
          error: decision.error,
          at: decision.at,
        });
        return void (await settle(
          db,
          message.id,
          worker,
          { status: 'retry', at: decision.at, error: decision.error },
          at,
        ));
      case 'migrate':
        log.info('chat migrated', { from: message.chatId, to: decision.chatId });
        await moveChat(db, message.chatId, decision.chatId);
        return void (await settle(db, message.id, worker, { status: 'retry', at: now(), error: decision.error }, at));
      case 'uncertain':
        log.warn('send outcome unknown; not sending again', {
          outboxId: message.id,
          chatId: message.chatId,
          error: decision.error,
        });
        return void (await finish(message, { status: 'uncertain', error: decision.error }));
      case 'fail':
        log.warn('message not delivered', {
          outboxId: message.id,
          chatId: message.chatId,
          failure: decision.failure,
          error: decision.error,
        });
        return void (await finish(
          message,
          { status: 'failed', failure: decision.failure, error: decision.error },
          decision.unreachable ? decision.failure : undefined,
        ));
    }
  }

  /**
   * Settles a message for good, with what follows from it, in one transaction: a crash
   * cannot leave a broadcast without its tally, or an unreachable person without the
   * leader's notice.
   */
  async function finish(
    message: ClaimedMessage,
    outcome: Parameters<typeof settle>[3],
    unreachable?: Failure,
  ): Promise<void> {
    const queued = await inTransaction(db, async (trx) => {
      // Settles of one batch take turns, so the last one sees every other row settled.
      if (message.batchId !== null)
        await trx.selectFrom('outbox_batches').select('id').where('id', '=', message.batchId).forUpdate().execute();
      if (!(await settle(trx, message.id, worker, outcome, now()))) return 0;
      const followUps: OutgoingMessage[] = [];
      if (unreachable && message.personId !== null) {
        const changed = await markUnreachable(trx, { personId: message.personId }, now());
        if (changed.length > 0 && hooks.unreachable)
          followUps.push(...(await hooks.unreachable(trx, message, unreachable)));
      }
      if (message.batchId !== null) {
        const onDone = await closeBatchIfDone(trx, message.batchId, now());
        if (onDone !== undefined && hooks.batchDone)
          followUps.push(...(await hooks.batchDone(trx, onDone, message.batchId)));
      }
      await enqueue(trx, followUps);
      return followUps.length;
    });
    if (queued) wake();
  }

  async function pass(): Promise<number> {
    if (now().getTime() - lastRecovery > Math.min(leaseMs, 10_000)) {
      const first = lastRecovery === 0;
      lastRecovery = now().getTime();
      // On a database only this process can open, whatever another sender holds was left by a dead process.
      const deadWorkers =
        first && options.onlyProcess ? (await holdingWorkers(db)).filter((w) => !liveWorkers.has(w)) : [];
      const recovered = await recoverAbandoned(db, { now: now(), leaseMs, deadWorkers });
      if (recovered)
        log.warn('messages left by a stopped sender are queued again; they may arrive twice', { count: recovered });
    }
    // Sends run side by side, each freeing its slot when done: one slow chat holds up nobody.
    const room = maxInFlight - inFlight.size;
    if (room <= 0) return 0;
    const claimed = await claimNext(db, { worker, now: now(), pace, limit: room });
    for (const message of claimed) {
      const sending: Promise<void> = sendOne(message)
        .catch((error) => log.error('sending failed unexpectedly', { outboxId: message.id, error }))
        .finally(() => {
          inFlight.delete(sending);
          wake();
        });
      inFlight.add(sending);
    }
    return claimed.length;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        if ((await pass()) > 0) continue;
        const due = await nextDue(db);
        // Due messages held back by pacing or a chat's order are looked at again shortly, not in a busy loop.
        const wait = due === undefined ? pollMs : Math.max(100, Math.min(pollMs, due.getTime() - now().getTime()));
        if (!stopped) await sleep(wait);
      } catch (error) {
        log.error('outbox pass failed', { error });
        if (!stopped) await sleep(pollMs);
      }
    }
  })();

  return {
    wake,
    withQueue: queueingOutbox(db, wake).withQueue,
    async drained(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while ((await unsettledCount(db)) > 0) {
        if (Date.now() > until) {
          const stuck = await db
            .selectFrom('outbox')
            .select(['id', 'chat_id', 'status', 'not_before', 'attempts', 'error'])
            .where('status', 'in', ['pending', 'sending'])
            .execute();
          throw new Error(`outbox not drained in ${timeoutMs} ms: ${JSON.stringify(stuck)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      stopped = true;
      wake();
      await loop;
      await Promise.all(inFlight);
      await budget.idle();
      liveWorkers.delete(worker);
    },
  };
}

function workerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The senders running in this process. */
const liveWorkers = new Set<string>();

/** One Bot API call, with our own timeout; turns every way it can end into an Attempt. */
async function callTelegram(telegram: Telegram, message: ClaimedMessage, timeoutMs: number): Promise<Attempt> {
  const signal = AbortSignal.timeout(timeoutMs);
  const trace: RequestTrace = {};
  try {
    const call = telegram.callApi as unknown as (
      method: string,
      payload: object,
      options: { signal: AbortSignal },
    ) => Promise<{ message_id?: number }>;
    const result = await traced(trace, () =>
      call.call(telegram, message.method, { ...message.payload, chat_id: message.chatId }, { signal }),
    );
    return { kind: 'sent', messageId: result?.message_id };
  } catch (error) {
    if (error instanceof TelegramError) {
      const { error_code: code, description, parameters } = error.response;
      return {
        kind: 'telegram_error',
        code,
        description,
        ...(parameters?.retry_after !== undefined ? { retryAfter: parameters.retry_after } : {}),
        ...(parameters?.migrate_to_chat_id !== undefined ? { migrateTo: parameters.migrate_to_chat_id } : {}),
      };
    }
    const code = (error as { code?: string }).code ?? '';
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // Refused, unresolvable, or a kept-alive connection already closed: sending again cannot duplicate it.
    if (neverLeft(error, trace)) return { kind: 'not_sent', reason: code ? `${code}: ${reason}` : reason };
    return { kind: 'unknown', reason };
  }
}
