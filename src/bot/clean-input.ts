import type { Update } from 'telegraf/types';
import { cleanText } from '../domain/text.js';
import type { BotContext } from './context.js';

type Loose = Record<string, unknown>;

/** Text fields of a message a person wrote: the text, a caption, a file's name. */
const MESSAGE_TEXTS = ['text', 'caption'] as const;
/** Names in a Telegram profile (the sender's, or a forwarded message's author). */
const USER_TEXTS = ['first_name', 'last_name', 'username'] as const;

/**
 * Runs every piece of text a person sends through `cleanText` before any handler sees it:
 * message text, captions, file names, and the names of the sender's Telegram profile (they
 * become `people.full_name` on joining). Edits the update in place, so `ctx.message.text`,
 * `ctx.from.first_name`... are the cleaned values everywhere. A first name that is nothing
 * once cleaned becomes "" (the store then names the person by username or id).
 */
export function cleanIncomingUpdate(update: Update): void {
  const u = update as unknown as Loose;
  for (const kind of ['message', 'edited_message']) {
    const message = u[kind] as Loose | undefined;
    if (!message) continue;
    for (const key of MESSAGE_TEXTS) if (typeof message[key] === 'string') message[key] = cleanText(message[key]);
    const document = message.document as Loose | undefined;
    if (document && typeof document.file_name === 'string') document.file_name = cleanText(document.file_name);
    cleanUser(message.from);
  }
  cleanUser((u.callback_query as Loose | undefined)?.from);
}

function cleanUser(user: unknown): void {
  if (!user || typeof user !== 'object') return;
  const fields = user as Loose;
  for (const key of USER_TEXTS) if (typeof fields[key] === 'string') fields[key] = cleanText(fields[key]);
}

/**
 * A message the person did not write themselves: forwarded from someone else or another chat
 * (Bot API `forward_origin`, or the older `forward_from`/`forward_date`), or sent through an
 * inline bot (`via_bot`).
 */
export function isForwarded(ctx: BotContext): boolean {
  const message = ctx.message as Loose | undefined;
  if (!message) return false;
  return (
    message.forward_origin !== undefined ||
    message.forward_date !== undefined ||
    message.forward_from !== undefined ||
    message.via_bot !== undefined
  );
}
