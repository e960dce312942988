// Telegram's rules for what a bot may send, as the real Bot API enforces them. Written apart
// from the bot's own splitter (src/domain/telegram-limits.ts) on purpose: a shared bug would
// otherwise pass unnoticed in both.
//
// Sources: https://core.telegram.org/bots/api#sendmessage ("1-4096 characters after entities
// parsing"), #sendphoto (caption "0-1024 characters after entities parsing"),
// #inlinekeyboardbutton (callback_data "1-64 bytes"), #html-style (the supported tags; "All <,
// > and & symbols that are not a part of a tag or an HTML entity must be replaced with the
// corresponding HTML entities"; named entities &lt; &gt; &amp; &quot; and all numeric ones).
// Inline keyboards: not documented; observed limit of 100 buttons in all and 8 per row, above
// which Telegram answers "reply markup is too long" (see tginfo/Telegram-Limits#228).
// Entities: Telegram keeps the first 100 of a message and drops the rest without an error
// (formatting is lost, the text is not), so nothing is refused for their number here.

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const MAX_CALLBACK_DATA_BYTES = 64;
export const MAX_INLINE_BUTTONS = 100;
export const MAX_INLINE_BUTTONS_PER_ROW = 8;

/** A refusal, as Telegram words it (without the "Bad Request: " prefix). */
export class RuleViolation extends Error {}

type Params = Record<string, unknown>;

const SIMPLE_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'tg-spoiler',
  'code',
  'pre',
  'blockquote',
  'a',
  'span',
  'tg-emoji',
]);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * Parses Telegram HTML as the Bot API does and returns the plain text the user would see.
 * Throws RuleViolation ("can't parse entities: ...") for an unsupported or unbalanced tag, or
 * an unescaped `<`, `>` or `&`.
 */
export function parseTelegramHtml(html: string): string {
  const fail = (what: string, at: number): never => {
    throw new RuleViolation(`can't parse entities: ${what} at byte offset ${Buffer.byteLength(html.slice(0, at))}`);
  };
  const open: { name: string; at: number }[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '&') {
      const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/.exec(html.slice(i, i + 12));
      if (!m) fail('Character entity expected ("&" must be written &amp;)', i);
      if (m![3] !== undefined) {
        const named = NAMED_ENTITIES[m![3].toLowerCase()];
        if (named === undefined) fail(`Unsupported HTML entity "&${m![3]};"`, i);
        text += named;
      } else {
        const code = m![1] !== undefined ? Number(m![1]) : parseInt(m![2]!, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail('Invalid numeric HTML entity', i);
        text += String.fromCodePoint(code);
      }
      i += m![0].length;
      continue;
    }
    if (ch === '>') fail('Unescaped ">" ("&gt;" expected)', i);
    if (ch !== '<') {
      text += ch;
      i++;
      continue;
    }
    const end = html.indexOf('>', i + 1);
    if (end === -1) fail('Unclosed start tag', i);
    const inside = html.slice(i + 1, end);
    if (inside.includes('<')) fail('Unescaped "<" inside a tag', i);
    if (inside.startsWith('/')) {
      const name = inside.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top) fail(`Unexpected end tag "</${name}>"`, i);
      if (top!.name !== name) fail(`Unmatched end tag, expected "</${top!.name}>", found "</${name}>"`, i);
      i = end + 1;
      continue;
    }
    const nameMatch = /^([a-zA-Z][a-zA-Z0-9-]*)/.exec(inside);
    if (!nameMatch) fail('Unsupported start tag (write "<" as &lt;)', i);
    const name = nameMatch![1]!.toLowerCase();
    if (!SIMPLE_TAGS.has(name)) fail(`Unsupported start tag "${name}"`, i);
    const attributes = parseAttributes(inside.slice(nameMatch![1]!.length), () =>
      fail(`Bad attributes in tag "${name}"`, i),
    );
    if (name === 'a' && !attributes.has('href')) fail('Tag "a" must have attribute "href"', i);
    if (name === 'span' && attributes.get('class') !== 'tg-spoiler') fail('Tag "span" must have class "tg-spoiler"', i);
    if (name === 'tg-emoji' && !attributes.has('emoji-id')) fail('Tag "tg-emoji" must have attribute "emoji-id"', i);
    if (inside.trimEnd().endsWith('/')) fail(`Self-closing tag "${name}" is not supported`, i);
    open.push({ name, at: i });
    i = end + 1;
  }
  const unclosed = open.pop();
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`, unclosed.at);
  return text;
}

function parseAttributes(source: string, bad: () => never): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s+([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  let rest = source.replace(/\s*\/?\s*$/, '');
  while (rest.length > 0) {
    pattern.lastIndex = 0;
    const m = pattern.exec(rest);
    if (!m) bad();
    attributes.set(m![1]!.toLowerCase(), decodeAttribute(m![2] ?? m![3] ?? m![4] ?? ''));
    rest = rest.slice(m![0].length);
  }
  return attributes;
}

function decodeAttribute(value: string): string {
  return value.replace(/&(lt|gt|amp|quot);/g, (_, name: string) => NAMED_ENTITIES[name]!);
}

/** The text as the user sees it: parsed when `parse_mode` is HTML, as is otherwise. */
export function visibleText(text: string, parseMode: unknown): string {
  return parseMode === 'HTML' ? parseTelegramHtml(text) : text;
}

/** Telegram counts characters in UTF-16 code units, as JavaScript's `length` does. */
function checkLength(visible: string, max: number, tooLong: string): void {
  if (visible.length > max) throw new RuleViolation(tooLong);
}

/** An inline keyboard as Telegram accepts it: sizes of data, labels and the whole keyboard. */
export function checkReplyMarkup(markup: unknown): void {
  if (typeof markup !== 'object' || markup === null) return;
  const keyboard = (markup as Params).inline_keyboard;
  if (keyboard === undefined) return;
  if (!Array.isArray(keyboard)) throw new RuleViolation("can't parse reply keyboard markup JSON object");
  let count = 0;
  for (const row of keyboard) {
    if (!Array.isArray(row)) throw new RuleViolation("can't parse reply keyboard markup JSON object");
    if (row.length > MAX_INLINE_BUTTONS_PER_ROW) throw new RuleViolation('reply markup is too long');
    for (const button of row as Params[]) {
      count++;
      if (typeof button?.text !== 'string' || button.text.trim() === '') throw new RuleViolation('BUTTON_TEXT_INVALID');
      const data = button.callback_data;
      if (data !== undefined) {
        const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) throw new RuleViolation('BUTTON_DATA_INVALID');
      } else if (typeof button.url !== 'string' || button.url === '') {
        throw new RuleViolation(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      }
    }
  }
  if (count > MAX_INLINE_BUTTONS) throw new RuleViolation('reply markup is too long');
}

/**
 * Checks an outgoing call's text, caption and keyboard as Telegram would, before the call is
 * carried out. Throws RuleViolation with Telegram's wording.
 */
export function validateOutgoing(method: string, params: Params): void {
  switch (method) {
    case 'sendMessage':
    case 'editMessageText': {
      if (typeof params.text !== 'string') throw new RuleViolation('message text is empty');
      const visible = visibleText(params.text, params.parse_mode);
      if (visible.trim() === '') throw new RuleViolation('message text is empty');
      checkLength(visible, MAX_TEXT, 'message is too long');
      break;
    }
    case 'sendPhoto':
    case 'sendDocument':
    case 'sendVideo':
    case 'sendAudio':
    case 'sendAnimation':
    case 'sendVoice':
    case 'copyMessage':
    case 'editMessageCaption':
      if (typeof params.caption === 'string')
        checkLength(visibleText(params.caption, params.parse_mode), MAX_CAPTION, 'message caption is too long');
      break;
    case 'sendMediaGroup':
      // Each item's caption, parsed with its own parse_mode; the rest is checked by the emulator.
      for (const item of Array.isArray(params.media) ? (params.media as Params[]) : [])
        if (typeof item?.caption === 'string')
          checkLength(visibleText(item.caption, item.parse_mode), MAX_CAPTION, 'message caption is too long');
      return;
    default:
      if (!['editMessageReplyMarkup', 'forwardMessage'].includes(method)) return;
  }
  checkReplyMarkup(params.reply_markup);
}
