import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../log.js';
import { decide, DEFAULT_RETRY, type Attempt, type Failure, type RetryPolicy } from './outcome.js';
import { claimNext, closeBatchIfDone, enqueue, holdingWorkers, moveChat, nextDue, recoverAbandoned, settle, unsettledCount, type ClaimedMessage, type OutgoingMessage, type Pace } from './outbox.js';

/** What the rest of the app may ask of the sender. */
export interface Outbox {
  /** Queues messages (in the caller's transaction if `db` is one) and wakes the sender. */
  push(messages: OutgoingMessage[], db?: Db): Promise<number[]>;
  /** Wakes the sender after messages were queued some other way (in a transaction that has committed). */
  wake(): void;
}

export interface SenderHooks {
  /** Messages to queue once every message of a batch is settled (a tally for the leader). */
  batchDone?(db: Db, onDone: unknown, batchId: number): Promise<OutgoingMessage[]>;
  /** Messages to queue when a person is found unreachable for the first time (a word to the leader). */
  unreachable?(db: Db, message: ClaimedMessage, failure: Failure): Promise<OutgoingMessage[]>;
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
  /** Wall time for pacing and leases; tests may pin it. */
  now?: () => Date;
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
  const now = options.now ?? (() => new Date());
  const worker = workerId();
  liveWorkers.add(worker);
  const maxInFlight = options.maxInFlight ?? 10;

  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let lastRecovery = 0;
  const wake = () => wakeUp?.();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
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
    if (message.skip) return void (await finish(message, { status: 'failed', failure: 'unreachable', error: 'person marked unreachable' }));
    if (message.expiresAt && clock.now() > message.expiresAt) return void (await finish(message, { status: 'expired' }));
    const attempt = await callTelegram(telegram, message, sendTimeoutMs);
    const decision = decide(attempt, message.attempts, now(), retry);
    switch (decision.action) {
      case 'done':
        return void (await finish(message, { status: 'sent', messageId: decision.messageId }));
      case 'retry':
        log.warn('send will be retried', { outboxId: message.id, chatId: message.chatId, error: decision.error, at: decision.at });
        return void (await settle(db, message.id, worker, { status: 'retry', at: decision.at, error: decision.error }, at));
      case 'migrate':
        log.info('chat migrated', { from: message.chatId, to: decision.chatId });
        await moveChat(db, message.chatId, decision.chatId);
        return void (await settle(db, message.id, worker, { status: 'retry', at: now(), error: decision.error }, at));
      case 'uncertain':
        log.warn('send outcome unknown; not sending again', { outboxId: message.id, chatId: message.chatId, error: decision.error });
        return void (await finish(message, { status: 'uncertain', error: decision.error }));
      case 'fail': {
        log.warn('message not delivered', { outboxId: message.id, chatId: message.chatId, failure: decision.failure, error: decision.error });
        await finish(message, { status: 'failed', failure: decision.failure, error: decision.error });
        if (decision.unreachable && message.personId !== null) await markUnreachable(message, decision.failure);
      }
    }
  }

  async function finish(message: ClaimedMessage, outcome: Parameters<typeof settle>[3]): Promise<void> {
    if (!(await settle(db, message.id, worker, outcome, now()))) return;
    if (message.batchId === null) return;
    const onDone = await closeBatchIfDone(db, message.batchId, now());
    if (onDone !== undefined && hooks.batchDone) await enqueue(db, await hooks.batchDone(db, onDone, message.batchId));
  }

  async function markUnreachable(message: ClaimedMessage, failure: Failure): Promise<void> {
    const changed = await db.updateTable('people').set({ reachable: false, updated_at: now() }).where('id', '=', message.personId!).where('reachable', '=', true).returning('id').executeTakeFirst();
    if (changed && hooks.unreachable) await enqueue(db, await hooks.unreachable(db, message, failure));
  }

  async function pass(): Promise<number> {
    if (now().getTime() - lastRecovery > Math.min(leaseMs, 10_000)) {
      const first = lastRecovery === 0;
      lastRecovery = now().getTime();
      // At start, a sender of this machine that is gone (killed, crashed) need not wait out its lease.
      const deadWorkers = first ? (await holdingWorkers(db)).filter(isDeadLocalWorker) : [];
      const recovered = await recoverAbandoned(db, { now: now(), leaseMs, deadWorkers });
      if (recovered) log.warn('messages left by a stopped sender are queued again; they may arrive twice', { count: recovered });
    }
    const claimed = await claimNext(db, { worker, now: now(), pace, limit: maxInFlight });
    await Promise.all(claimed.map((m) => sendOne(m).catch((error) => log.error('sending failed unexpectedly', { outboxId: m.id, error }))));
    return claimed.length;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        if ((await pass()) > 0) continue;
        const due = await nextDue(db);
        const wait = due === undefined ? pollMs : Math.max(20, Math.min(pollMs, due.getTime() - now().getTime()));
        if (!stopped) await sleep(wait);
      } catch (error) {
        log.error('outbox pass failed', { error });
        if (!stopped) await sleep(pollMs);
      }
    }
  })();

  return {
    async push(messages, into = db) {
      const ids = await enqueue(into, messages);
      if (into === db) wake();
      return ids;
    },
    wake,
    async drained(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while ((await unsettledCount(db)) > 0) {
        if (Date.now() > until) {
          const stuck = await db.selectFrom('outbox').select(['id', 'chat_id', 'status', 'not_before', 'attempts', 'error']).where('status', 'in', ['pending', 'sending']).execute();
          throw new Error(`outbox not drained in ${timeoutMs} ms: ${JSON.stringify(stuck)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      stopped = true;
      wake();
      await loop;
      liveWorkers.delete(worker);
    },
  };
}

/** host:pid:random — the random part tells this process from an earlier one with the same pid (pid 1 in a container). */
function workerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The senders running in this process, which are alive whatever their pid says. */
const liveWorkers = new Set<string>();

function isDeadLocalWorker(worker: string): boolean {
  const [host, pid] = worker.split(':');
  if (host !== hostname() || !pid) return false;
  if (liveWorkers.has(worker)) return false;
  if (Number(pid) === process.pid) return true; // an earlier process that had our pid
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** One Bot API call, with our own timeout; turns every way it can end into an Attempt. */
async function callTelegram(telegram: Telegram, message: ClaimedMessage, timeoutMs: number): Promise<Attempt> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const call = telegram.callApi as unknown as (method: string, payload: object, options: { signal: AbortSignal }) => Promise<{ message_id?: number }>;
    const result = await call.call(telegram, message.method, { ...message.payload, chat_id: message.chatId }, { signal });
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
    // Refused or unresolvable: the request never left, so sending again cannot duplicate it.
    if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return { kind: 'not_sent', reason };
    return { kind: 'unknown', reason };
  }
}
