import { TelegramError } from 'telegraf';
import type { BotContext } from './context.js';
import type { Keyboard } from './keyboards.js';
import { splitMessage } from '../domain/telegram-limits.js';

/**
 * Replies in HTML; a text longer than Telegram takes goes out in several messages, cut at line
 * breaks with tags kept valid (domain/telegram-limits), the buttons under the last.
 */
export async function replyHtml(ctx: BotContext, html: string, keyboard?: Keyboard): Promise<void> {
  const parts = splitMessage(html);
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    await ctx.reply(part, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(last ? (keyboard ?? {}) : {}),
    });
  }
}

/**
 * A list the person moves through (pages, back): the tapped message is changed in place so
 * the chat does not fill with lists. When it cannot be edited, the list comes as a reply.
 */
export async function replaceOrReply(
  ctx: BotContext,
  html: string,
  keyboard: Keyboard,
  inPlace: boolean,
): Promise<void> {
  if (inPlace && ctx.callbackQuery && splitMessage(html).length === 1) {
    try {
      await ctx.editMessageText(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...keyboard });
      return;
    } catch (error) {
      if (error instanceof TelegramError && /not modified/.test(error.description)) return;
      ctx.deps.log.debug('could not edit, replying instead', { error });
    }
  }
  await replyHtml(ctx, html, keyboard);
}

/**
 * Answers a button tap (stops its spinner). Telegram refuses answers to taps older than
 * a few seconds, as after a restart; the tap itself is still carried out.
 */
export async function answerTap(ctx: BotContext, text?: string): Promise<void> {
  await ctx.answerCbQuery(text).catch((error) => ctx.deps.log.debug('tap not answered (too old?)', { error }));
}
