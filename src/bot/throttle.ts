import type { MiddlewareFn } from 'telegraf';
import { vi } from '../i18n/vi.js';
import type { BotContext } from './context.js';
import { runQuietly } from './reply-guard.js';

export interface ThrottleOptions {
  /**
   * A chat with this many updates waiting to be handled at once is flooding. Someone talking
   * to the bot waits for its answers (one or two waiting); an album of 10 photos fits below.
   */
  backlog: number;
  /** Once flooding, the chat's updates sent less than this long after its previous one stay silent. */
  calmMs: number;
  /** The "too fast" notice goes once per flood, and at most once per this long per chat. */
  noticeEveryMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { backlog: 12, calmMs: 5000, noticeEveryMs: 30_000 };

/**
 * A person who floods the bot (hundreds of messages in seconds) must not make it answer
 * each one: Telegram would refuse most answers (about one message a second per chat) and the
 * rest would crowd out everyone else's share of the 30 a second. A flooding chat's updates are
 * still handled (nothing submitted is lost: answers are saved as usual) but silently: their
 * replies are dropped, and the person gets one polite notice. Within one process (the bot polls
 * from one); register before sequentializeByChat so waiting updates are counted.
 */
export function throttleFloods(options: ThrottleOptions = DEFAULT_THROTTLE): MiddlewareFn<BotContext> {
  const chats = new Map<number, { waiting: number; quietUntil: number; lastSent: number; noticedAt: number }>();
  return async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined || ctx.chat?.type !== 'private') return next();
    const chat = chats.get(chatId) ?? { waiting: 0, quietUntil: 0, lastSent: 0, noticedAt: 0 };
    chats.set(chatId, chat);
    // When the person sent it (Telegram's date), not when it is handled: a flood handled slowly is still a flood.
    const date = ctx.message?.date ?? ctx.editedMessage?.date;
    const sentAt = Math.max(chat.lastSent, date !== undefined ? date * 1000 : Date.now());
    chat.lastSent = sentAt;
    const continuing = sentAt < chat.quietUntil;
    const quiet = continuing || chat.waiting >= options.backlog;
    if (quiet) chat.quietUntil = sentAt + options.calmMs;
    chat.waiting++;
    try {
      if (!quiet) return await next();
      const now = Date.now();
      // One notice when a flood starts (and no more often than noticeEveryMs).
      if (!continuing && now - chat.noticedAt >= options.noticeEveryMs) {
        chat.noticedAt = now;
        ctx.deps.log.warn('chat is flooding; handling its updates silently', { chatId });
        await ctx.reply(vi.tooFast).catch((error) => ctx.deps.log.warn('could not send the flood notice', { error }));
      }
      return await runQuietly(chatId, () => next());
    } finally {
      chat.waiting--;
      // Forget chats calm for ten minutes (kept meanwhile: a flood is handled long after it was sent).
      if (chats.size > 1000)
        for (const [id, c] of chats)
          if (c.waiting === 0 && Date.now() - Math.max(c.lastSent, c.noticedAt) > 600_000) chats.delete(id);
    }
  };
}
