/**
 * Everything the bot says directly (ctx.reply, edits, answers to taps) goes through
 * `guardReplies`, installed on the bot's Telegram client:
 * - message-producing calls wait for the shared send budget (src/delivery/budget.ts) and are
 *   counted in it; they are not held back per chat (an answer to a person's own action:
 *   Telegram allows short bursts per chat), but the outbox keeps its gap after them;
 * - a request that cannot have reached Telegram (refused, or a kept-alive connection the
 *   server had closed) is sent again, like the outbox does;
 * - a 429 is waited out (retry_after, if short) and tried again, else the reply is dropped;
 * - a 403 (blocked, deleted account) or "chat not found" marks the person unreachable, as the
 *   outbox does, and tells the leader once;
 * - replies to a chat that is flooding the bot (see src/bot/throttle.ts) are dropped.
 * What is given up raises a `QuietFailure`: bot.catch logs it and does not apologise, since
 * the apology could not arrive or would add to the flood.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { TelegramError, type Telegram } from 'telegraf';
import type { Db } from '../db/connect.js';
import { COUNTED_METHODS, type SendBudget } from '../delivery/budget.js';
import { neverLeft, traced, type RequestTrace } from '../delivery/network.js';
import { personGone, type Failure } from '../delivery/outcome.js';
import type { Outbox, SenderHooks } from '../delivery/sender.js';
import type { Logger } from '../log.js';
import { listMemberClusters, markUnreachable } from '../store/people.js';

/** A reply given up on for a reason that is not a fault of the bot: no apology. */
export class QuietFailure extends Error {
  constructor(
    readonly reason: 'unreachable' | 'rate_limited' | 'throttled',
    message: string,
  ) {
    super(message);
    this.name = 'QuietFailure';
  }
}

export function isQuietFailure(error: unknown): error is QuietFailure {
  return error instanceof QuietFailure;
}

const quietChats = new AsyncLocalStorage<{ chatId: number }>();

/** Runs `work` (an update's handling) with its messages to `chatId` dropped: it is handled silently. */
export function runQuietly<T>(chatId: number, work: () => Promise<T>): Promise<T> {
  return quietChats.run({ chatId }, work);
}

export interface ReplyGuardOptions {
  db: Db;
  log: Logger;
  budget: SendBudget;
  /** Queues the leader's notice about an unreachable person with the change. */
  outbox: Outbox;
  hooks: SenderHooks;
  /** A 429 asking to wait longer than this (seconds) drops the reply instead. */
  maxRetryAfterS?: number;
  /** Tries after the first, for 429s and for requests that never left. */
  retries?: number;
}

type CallApi = (
  method: string,
  payload: Record<string, unknown>,
  options?: { signal?: AbortSignal },
) => Promise<unknown>;

export function guardReplies(telegram: Telegram, options: ReplyGuardOptions): void {
  const { log, budget } = options;
  const maxRetryAfterS = options.maxRetryAfterS ?? 10;
  const retries = options.retries ?? 3;
  const original = (telegram.callApi as unknown as CallApi).bind(telegram);

  const guarded: CallApi = async (method, payload = {}, callOptions) => {
    // Polling has its own retries (telegraf), and is not a message.
    if (method === 'getUpdates') return original(method, payload, callOptions);
    const chatId = typeof payload.chat_id === 'number' ? payload.chat_id : undefined;
    const counted = COUNTED_METHODS.has(method);
    if (counted && chatId !== undefined && quietChats.getStore()?.chatId === chatId) {
      throw new QuietFailure('throttled', `${method} to a flooding chat dropped`);
    }
    for (let attempt = 0; ; attempt++) {
      const trace: RequestTrace = {};
      const answered = counted ? await budget.take(chatId) : undefined;
      try {
        const result = await traced(trace, () => original(method, payload, callOptions));
        void answered?.();
        return result;
      } catch (error) {
        void answered?.();
        if (error instanceof TelegramError) {
          const { error_code: code, description, parameters } = error.response;
          if (code === 429) {
            const waitS = Math.max(1, parameters?.retry_after ?? 1);
            if (waitS > maxRetryAfterS || attempt >= retries)
              throw new QuietFailure(
                'rate_limited',
                `${method} refused by Telegram (429, retry after ${waitS} s); not sent`,
              );
            log.info('reply rate-limited; waiting', { method, chatId, retryAfter: waitS });
            await sleep(waitS * 1000);
            continue;
          }
          const gone = counted && chatId !== undefined && chatId > 0 ? personGone(code, description) : undefined;
          if (gone) {
            await markChatUnreachable(options, chatId!, gone).catch((markError) =>
              log.error('could not mark a person unreachable', { chatId, error: markError }),
            );
            throw new QuietFailure('unreachable', `${method}: ${code} ${description}`);
          }
          throw error;
        }
        if (neverLeft(error, trace) && attempt < retries) {
          log.info('reply never reached Telegram; sending again', {
            method,
            chatId,
            error: (error as { code?: string }).code,
          });
          await sleep(100 * 2 ** attempt);
          continue;
        }
        throw error;
      }
    }
  };
  (telegram as unknown as { callApi: CallApi }).callApi = guarded;
}

/** As the outbox does: the person is marked unreachable and the leader hears of it once. */
async function markChatUnreachable(options: ReplyGuardOptions, chatId: number, failure: Failure): Promise<void> {
  await options.outbox.withQueue(async (trx, queue) => {
    for (const personId of await markUnreachable(trx, { chatId }, new Date())) {
      options.log.warn('person unreachable (a reply was refused)', { personId, failure });
      const clusters = await listMemberClusters(trx, personId);
      for (const clusterId of clusters) {
        const notices =
          (await options.hooks.unreachable?.(
            trx,
            { id: 0, personId, clusterId },
            failure,
            `reply:${personId}:${Date.now()}`,
          )) ?? [];
        await queue(notices);
      }
    }
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
