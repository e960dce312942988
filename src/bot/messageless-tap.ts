import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from './context.js';

/**
 * Telegram may send a button tap without the message it sits under (`callback_query`
 * with no `message`: an inline message, or one too old to include). telegraf then knows no
 * chat, so every reply would throw and the person would get nothing. The bot talks only in
 * private chats, where the chat id is the person's user id: such a tap is carried out and
 * answered there. Edits of the tapped message are not possible; handlers fall back to replies.
 */
const EDITS = [
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
  'deleteMessage',
] as const;

export function answerMessagelessTaps(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const query = ctx.callbackQuery;
    if (query && !query.message && ctx.from && !ctx.from.is_bot) {
      const { id, first_name, last_name, username } = ctx.from;
      const chat = {
        id,
        type: 'private' as const,
        first_name,
        ...(last_name ? { last_name } : {}),
        ...(username ? { username } : {}),
      };
      // Shadows telegraf's `chat` getter (which reads the missing message) on this context only.
      Object.defineProperty(ctx, 'chat', { value: chat, configurable: true, enumerable: true });
      // telegraf's edit shorthands throw at once (not a rejected promise) with no message to
      // edit, which `edit(...).catch(...)` in the handlers would not catch: make them reject.
      for (const method of EDITS) {
        const original = ctx[method].bind(ctx) as (...args: unknown[]) => Promise<unknown>;
        const safe = (...args: unknown[]) => {
          try {
            return original(...args);
          } catch (error) {
            return Promise.reject(error);
          }
        };
        Object.defineProperty(ctx, method, { value: safe, configurable: true });
      }
    }
    return next();
  };
}
