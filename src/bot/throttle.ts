import type { MiddlewareFn } from 'telegraf';
import { vi } from '../i18n/vi.js';
import type { BotContext } from './context.js';
import { runQuietly } from './reply-guard.js';

export interface ThrottleOptions {
  /** Updates a chat may send at once before it counts as a flood (an album of 10 photos fits). */
  burst: number;
  /** Updates per second a chat may send for ever (people type slower than this). */
  perSecond: number;
  /** The "too fast" notice goes at most once per this long per chat. */
  noticeEveryMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { burst: 12, perSecond: 1, noticeEveryMs: 30_000 };

/**
 * A person who floods the bot (hundreds of messages in seconds) must not make it answer
 * each one: Telegram would refuse most answers (about one message a second per chat) and the
 * rest would crowd out everyone else's share of the 30 a second. Beyond a token bucket per
 * private chat, updates are still handled (nothing submitted is lost: answers are saved as
 * usual) but silently: their replies are dropped, and the person gets one polite notice.
 */
export function throttleFloods(options: ThrottleOptions = DEFAULT_THROTTLE): MiddlewareFn<BotContext> {
  const buckets = new Map<number, { tokens: number; at: number; noticedAt: number }>();
  return async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined || ctx.chat?.type !== 'private') return next();
    // Counted by when the person sent it (Telegram's date), not when it is handled: a flood
    // handled slowly (its replies waiting for Telegram) must not look like a slow trickle.
    const sentAt = ctx.message?.date ?? ctx.editedMessage?.date;
    const bucket = buckets.get(chatId) ?? { tokens: options.burst, at: 0, noticedAt: 0 };
    const now = Math.max(bucket.at, sentAt !== undefined ? sentAt * 1000 : Date.now());
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
    bucket.at = now;
    buckets.set(chatId, bucket);
    if (buckets.size > 10_000) for (const [id, b] of buckets) if (b.tokens >= options.burst && id !== chatId) buckets.delete(id);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    if (now - bucket.noticedAt >= options.noticeEveryMs) {
      bucket.noticedAt = now;
      ctx.deps.log.warn('chat is flooding; handling its updates silently', { chatId });
      await ctx.reply(vi.tooFast).catch((error) => ctx.deps.log.warn('could not send the flood notice', { error }));
    }
    return runQuietly(chatId, () => next());
  };
}
