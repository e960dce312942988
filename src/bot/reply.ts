import type { BotContext } from './context.js';
import type { Keyboard } from './keyboards.js';

/** Telegram refuses messages over 4096 characters; split below that, on line breaks. */
const MAX_MESSAGE = 4000;

/** Replies in HTML; a long text goes out in several messages, the buttons under the last. */
export async function replyHtml(ctx: BotContext, html: string, keyboard?: Keyboard): Promise<void> {
  const parts = splitLines(html, MAX_MESSAGE);
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    await ctx.reply(part, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(last ? (keyboard ?? {}) : {}) });
  }
}

/** Each line of our messages closes its own tags, so cutting between lines keeps HTML valid. */
export function splitLines(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    current = line.length <= max ? line : line.slice(0, max);
  }
  parts.push(current);
  return parts;
}
