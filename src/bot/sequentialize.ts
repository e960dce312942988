import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from './context.js';

/**
 * Handles one person's updates one at a time (telegraf runs a batch concurrently), so a
 * quick double tap or two ticks in a row see each other's effects. Other people's updates
 * still run in parallel. Within one process, which is how the bot runs.
 */
export function sequentializeByChat(): MiddlewareFn<BotContext> {
  const tails = new Map<number, Promise<unknown>>();
  return async (ctx, next) => {
    const key = ctx.chat?.id ?? ctx.from?.id;
    if (key === undefined) return next();
    const previous = tails.get(key) ?? Promise.resolve();
    // The previous update's failure was reported by bot.catch already; here it only must not stop this one.
    // eslint-disable-next-line no-restricted-syntax
    const current = previous.catch(() => undefined).then(() => next());
    tails.set(key, current);
    try {
      await current;
    } finally {
      if (tails.get(key) === current) tails.delete(key);
    }
  };
}
