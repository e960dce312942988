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
  listUnsettled,
  lockBatch,
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
  return new OutboxSender(options);
}

/** A wake-up for a loop that sleeps between passes; one that comes while it is busy skips the next sleep. */
function createWaker(): { wake: () => void; sleep: (ms: number) => Promise<void> } {
  let wakeUp: (() => void) | undefined;
  let woken = false;
  return {
    wake: () => {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    sleep: (ms) =>
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
      }),
  };
}

/** The sender's loop: claim what is due, send it side by side, settle each outcome. */
class OutboxSender implements Sender {
  private readonly db: Db;
  private readonly telegram: Telegram;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly hooks: SenderHooks;
  private readonly pace: Pace;
  private readonly retry: RetryPolicy;
  private readonly sendTimeoutMs: number;
  /** Longer than any send can take, so a live sender never has its message taken away. */
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxInFlight: number;
  private readonly onlyProcess: boolean;
  private readonly budget: SendBudget;
  private readonly worker = workerId();
  private readonly waker = createWaker();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private lastRecovery = 0;
  private readonly loop: Promise<void>;
  readonly wake = () => this.waker.wake();
  readonly withQueue: Outbox['withQueue'];

  constructor(options: SenderOptions) {
    this.db = options.db;
    this.telegram = options.telegram;
    this.log = options.log;
    this.clock = options.clock;
    this.hooks = options.hooks ?? {};
    this.pace = { ...DEFAULT_PACE, ...options.pace };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
    this.leaseMs = this.sendTimeoutMs + 5_000;
    this.pollMs = options.pollMs ?? 1000;
    this.maxInFlight = options.maxInFlight ?? 10;
    this.onlyProcess = options.onlyProcess ?? false;
    this.budget =
      options.budget ??
      createSendBudget({
        db: this.db,
        perSecond: this.pace.perSecond,
        onError: (error) => this.log.warn('send budget bookkeeping failed', { error }),
      });
    this.withQueue = queueingOutbox(this.db, this.wake).withQueue;
    liveWorkers.add(this.worker);
    this.loop = this.run();
  }

  /** Pacing and leases run on wall time, whatever clock the app runs on. */
  private now(): Date {
    return new Date();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if ((await this.pass()) > 0) continue;
        const due = await nextDue(this.db);
        // Due messages held back by pacing or a chat's order are looked at again shortly, not in a busy loop.
        const wait =
          due === undefined ? this.pollMs : Math.max(100, Math.min(this.pollMs, due.getTime() - this.now().getTime()));
        if (!this.stopped) await this.waker.sleep(wait);
      } catch (error) {
        this.log.error('outbox pass failed', { error });
        if (!this.stopped) await this.waker.sleep(this.pollMs);
      }
    }
  }

  /** Claims what is due (as many as there is room for in flight) and starts sending it; returns how many. */
  private async pass(): Promise<number> {
    await this.recoverAbandonedNowAndThen();
    // Sends run side by side, each freeing its slot when done: one slow chat holds up nobody.
    const room = this.maxInFlight - this.inFlight.size;
    if (room <= 0) return 0;
    const claimed = await claimNext(this.db, { worker: this.worker, now: this.now(), pace: this.pace, limit: room });
    for (const message of claimed) {
      const sending: Promise<void> = this.sendOne(message)
        .catch((error) => this.log.error('sending failed unexpectedly', { outboxId: message.id, error }))
        .finally(() => {
          this.inFlight.delete(sending);
          this.wake();
        });
      this.inFlight.add(sending);
    }
    return claimed.length;
  }

  /** Queues again what a stopped sender held past its lease (at most every 10 s). */
  private async recoverAbandonedNowAndThen(): Promise<void> {
    if (this.now().getTime() - this.lastRecovery <= Math.min(this.leaseMs, 10_000)) return;
    const first = this.lastRecovery === 0;
    this.lastRecovery = this.now().getTime();
    // On a database only this process can open, whatever another sender holds was left by a dead process.
    const deadWorkers =
      first && this.onlyProcess ? (await holdingWorkers(this.db)).filter((w) => !liveWorkers.has(w)) : [];
    const recovered = await recoverAbandoned(this.db, { now: this.now(), leaseMs: this.leaseMs, deadWorkers });
    if (recovered)
      this.log.warn('messages left by a stopped sender are queued again; they may arrive twice', {
        count: recovered,
      });
  }

  private async sendOne(message: ClaimedMessage): Promise<void> {
    if (message.removed) return this.finish(message, { status: 'expired' });
    if (message.skip)
      return this.finish(message, { status: 'failed', failure: 'unreachable', error: 'person marked unreachable' });
    if (message.expiresAt && this.clock.now() > message.expiresAt) return this.finish(message, { status: 'expired' });
    const at = this.now();
    // Counted from when it leaves until a second after its answer, with everything else the bot sends.
    const answered = await this.budget.take(message.chatId);
    const attempt = await callTelegram(this.telegram, message, this.sendTimeoutMs);
    // Stamped with the moment of the answer; the write need not hold this send's slot.
    void answered();
    const decision = decide(
      attempt,
      { attempts: message.attempts, queuedAt: message.createdAt },
      this.now(),
      this.retry,
    );
    await this.apply(message, decision, at);
  }

  /** Records what Telegram's answer means for the message (`at`: when it was sent off). */
  private async apply(message: ClaimedMessage, decision: ReturnType<typeof decide>, at: Date): Promise<void> {
    const about = { outboxId: message.id, chatId: message.chatId };
    switch (decision.action) {
      case 'done':
        return this.finish(message, { status: 'sent', messageId: decision.messageId });
      case 'retry':
        this.log.warn('send will be retried', { ...about, error: decision.error, at: decision.at });
        await settle(this.db, message.id, this.worker, { status: 'retry', at: decision.at, error: decision.error }, at);
        return;
      case 'migrate':
        this.log.info('chat migrated', { from: message.chatId, to: decision.chatId });
        await moveChat(this.db, message.chatId, decision.chatId);
        await settle(this.db, message.id, this.worker, { status: 'retry', at: this.now(), error: decision.error }, at);
        return;
      case 'uncertain':
        this.log.warn('send outcome unknown; not sending again', { ...about, error: decision.error });
        return this.finish(message, { status: 'uncertain', error: decision.error });
      case 'fail':
        this.log.warn('message not delivered', { ...about, failure: decision.failure, error: decision.error });
        return this.finish(
          message,
          { status: 'failed', failure: decision.failure, error: decision.error },
          decision.unreachable ? decision.failure : undefined,
        );
    }
  }

  /**
   * Settles a message for good, with what follows from it, in one transaction: a crash
   * cannot leave a broadcast without its tally, or an unreachable person without the
   * leader's notice.
   */
  private async finish(
    message: ClaimedMessage,
    outcome: Parameters<typeof settle>[3],
    unreachable?: Failure,
  ): Promise<void> {
    const { hooks } = this;
    const queued = await inTransaction(this.db, async (trx) => {
      // Settles of one batch take turns, so the last one sees every other row settled.
      if (message.batchId !== null) await lockBatch(trx, message.batchId);
      if (!(await settle(trx, message.id, this.worker, outcome, this.now()))) return 0;
      const followUps: OutgoingMessage[] = [];
      if (unreachable && message.personId !== null) {
        const changed = await markUnreachable(trx, { personId: message.personId }, this.now());
        if (changed.length > 0 && hooks.unreachable)
          followUps.push(...(await hooks.unreachable(trx, message, unreachable)));
      }
      if (message.batchId !== null) {
        const onDone = await closeBatchIfDone(trx, message.batchId, this.now());
        if (onDone !== undefined && hooks.batchDone)
          followUps.push(...(await hooks.batchDone(trx, onDone, message.batchId)));
      }
      await enqueue(trx, followUps);
      return followUps.length;
    });
    if (queued) this.wake();
  }

  async drained(timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await unsettledCount(this.db)) > 0) {
      if (Date.now() > until)
        throw new Error(`outbox not drained in ${timeoutMs} ms: ${JSON.stringify(await listUnsettled(this.db))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await Promise.all(this.inFlight);
    await this.budget.idle();
    liveWorkers.delete(this.worker);
  }
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
