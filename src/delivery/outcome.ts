/**
 * What to do with a queued message after one attempt to send it. Pure: the sender feeds it
 * Telegram's answer (or the lack of one) and applies the decision.
 */

/** Why a message was given up on; the leader and the logs see these. */
export type Failure = 'blocked' | 'not_found' | 'deleted' | 'unreachable' | 'rejected' | 'gave_up';

export type Attempt =
  | { kind: 'sent'; messageId: number | undefined }
  | { kind: 'telegram_error'; code: number; description: string; retryAfter?: number; migrateTo?: number }
  /** The request never reached Telegram (connection refused, DNS): safe to send again. */
  | { kind: 'not_sent'; reason: string }
  /** Timeout or broken connection after the request left: Telegram may have delivered it. */
  | { kind: 'unknown'; reason: string };

export type Decision =
  | { action: 'done'; messageId: number | undefined }
  | { action: 'retry'; at: Date; error: string }
  | { action: 'migrate'; chatId: number; error: string }
  | { action: 'fail'; failure: Failure; error: string; unreachable: boolean }
  | { action: 'uncertain'; error: string };

export interface RetryPolicy {
  /**
   * How long after it was queued a message is still tried: long enough to outlast an outage
   * of Telegram or of the network (retries back off to one every `maxBackoffMs`).
   */
  giveUpAfterMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  giveUpAfterMs: 6 * 3_600_000,
  baseBackoffMs: 1000,
  maxBackoffMs: 5 * 60_000,
};

export interface History {
  /** Attempts so far, this one included. */
  attempts: number;
  queuedAt: Date;
}

export function decide(attempt: Attempt, history: History, now: Date, policy: RetryPolicy = DEFAULT_RETRY): Decision {
  const { attempts } = history;
  const expired = now.getTime() - history.queuedAt.getTime() >= policy.giveUpAfterMs;
  switch (attempt.kind) {
    case 'sent':
      return { action: 'done', messageId: attempt.messageId };
    case 'unknown':
      // Sending again could deliver it twice: record the doubt instead (the acknowledgement grid shows it).
      return { action: 'uncertain', error: attempt.reason };
    case 'not_sent':
      return retryOrGiveUp(expired, attempts, now, policy, attempt.reason);
    case 'telegram_error': {
      const { code, description } = attempt;
      const error = `${code}: ${description}`;
      if (code === 429) {
        if (expired) return { action: 'fail', failure: 'gave_up', error, unreachable: false };
        return { action: 'retry', at: new Date(now.getTime() + Math.max(1, attempt.retryAfter ?? 1) * 1000), error };
      }
      if (attempt.migrateTo !== undefined) return { action: 'migrate', chatId: attempt.migrateTo, error };
      const gone = personGone(code, description);
      if (gone) return { action: 'fail', failure: gone, error, unreachable: true };
      // 5xx, and 401 (a token being replaced): keep the message, try again later.
      if (code >= 500 || code === 401) return retryOrGiveUp(expired, attempts, now, policy, error);
      return { action: 'fail', failure: 'rejected', error, unreachable: false };
    }
  }
}

/**
 * Whether Telegram's refusal means the person cannot be reached at all, and why: a 403 "user is
 * deactivated" is a deleted account, any other 403 a block; "chat/user not found" a chat that
 * does not exist. Undefined for any other answer.
 */
export function personGone(code: number, description: string): 'blocked' | 'not_found' | 'deleted' | undefined {
  if ((code === 403 || code === 400) && /user is deactivated/i.test(description)) return 'deleted';
  if (code === 403) return 'blocked';
  if (code === 400 && /chat not found|user not found/i.test(description)) return 'not_found';
  return undefined;
}

function retryOrGiveUp(expired: boolean, attempts: number, now: Date, policy: RetryPolicy, error: string): Decision {
  if (expired) return { action: 'fail', failure: 'gave_up', error, unreachable: false };
  return { action: 'retry', at: new Date(now.getTime() + backoffMs(attempts, policy)), error };
}

/** Doubling from the base after each failed attempt, capped. */
export function backoffMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
}
