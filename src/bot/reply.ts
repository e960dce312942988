import type { BotContext } from './context.js';
import type { Keyboard } from './keyboards.js';

export async function replyHtml(ctx: BotContext, html: string, keyboard?: Keyboard): Promise<void> {
  await ctx.reply(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(keyboard ?? {}) });
}
