import { describe, expect, it } from 'vitest';
import { backoffMs, decide, DEFAULT_RETRY } from '../../src/delivery/outcome.js';

const now = new Date('2026-11-25T03:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
/** Queued a minute ago, or long enough ago to give up. */
const fresh = (attempts: number) => ({ attempts, queuedAt: later(-60_000) });
const stale = (attempts: number) => ({ attempts, queuedAt: later(-DEFAULT_RETRY.giveUpAfterMs) });

describe('what the outbox does after one attempt', () => {
  it('waits exactly what a 429 asks for, however many times it came', () => {
    expect(
      decide({ kind: 'telegram_error', code: 429, description: 'Too Many Requests', retryAfter: 7 }, fresh(40), now),
    ).toEqual({ action: 'retry', at: later(7000), error: '429: Too Many Requests' });
  });

  it('backs off on 5xx, doubling and capped, through an outage of hours, then gives up', () => {
    const attempt = { kind: 'telegram_error' as const, code: 502, description: 'Bad Gateway' };
    expect(decide(attempt, fresh(1), now)).toMatchObject({ action: 'retry', at: later(1000) });
    expect(decide(attempt, fresh(3), now)).toMatchObject({ action: 'retry', at: later(4000) });
    expect(decide(attempt, fresh(60), now)).toMatchObject({ action: 'retry', at: later(DEFAULT_RETRY.maxBackoffMs) });
    expect(backoffMs(20)).toBe(DEFAULT_RETRY.maxBackoffMs);
    expect(decide(attempt, stale(60), now)).toEqual({
      action: 'fail',
      failure: 'gave_up',
      error: '502: Bad Gateway',
      unreachable: false,
    });
  });

  it('keeps messages through a revoked or replaced token (401) rather than failing them', () => {
    expect(decide({ kind: 'telegram_error', code: 401, description: 'Unauthorized' }, fresh(2), now)).toMatchObject({
      action: 'retry',
      at: later(2000),
    });
  });

  it('retries a request that never left (connection refused), but not one that may have arrived', () => {
    expect(decide({ kind: 'not_sent', reason: 'ECONNREFUSED' }, fresh(1), now)).toMatchObject({ action: 'retry' });
    expect(decide({ kind: 'unknown', reason: 'AbortError: timeout' }, fresh(1), now)).toEqual({
      action: 'uncertain',
      error: 'AbortError: timeout',
    });
  });

  it('marks a person unreachable on 403 and on "chat not found", and only then', () => {
    expect(
      decide(
        { kind: 'telegram_error', code: 403, description: 'Forbidden: bot was blocked by the user' },
        fresh(1),
        now,
      ),
    ).toMatchObject({ action: 'fail', failure: 'blocked', unreachable: true });
    expect(
      decide({ kind: 'telegram_error', code: 400, description: 'Bad Request: chat not found' }, fresh(1), now),
    ).toMatchObject({ action: 'fail', failure: 'not_found', unreachable: true });
    expect(
      decide({ kind: 'telegram_error', code: 400, description: "Bad Request: can't parse entities" }, fresh(1), now),
    ).toMatchObject({ action: 'fail', failure: 'rejected', unreachable: false });
  });

  it('calls "user is deactivated" a deleted account, not a block, whether Telegram answers 403 or 400', () => {
    expect(
      decide({ kind: 'telegram_error', code: 403, description: 'Forbidden: user is deactivated' }, fresh(1), now),
    ).toMatchObject({ action: 'fail', failure: 'deleted', unreachable: true });
    expect(
      decide({ kind: 'telegram_error', code: 400, description: 'Bad Request: user is deactivated' }, fresh(1), now),
    ).toMatchObject({ action: 'fail', failure: 'deleted', unreachable: true });
    expect(
      decide(
        { kind: 'telegram_error', code: 403, description: 'Forbidden: bot was kicked from the group chat' },
        fresh(1),
        now,
      ),
    ).toMatchObject({ failure: 'blocked' });
  });

  it('follows a group that became a supergroup', () => {
    expect(
      decide(
        {
          kind: 'telegram_error',
          code: 400,
          description: 'Bad Request: group chat was upgraded to a supergroup chat',
          migrateTo: -1001234,
        },
        fresh(1),
        now,
      ),
    ).toMatchObject({ action: 'migrate', chatId: -1001234 });
  });
});
