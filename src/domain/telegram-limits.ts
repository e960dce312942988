/**
 * Telegram's limits on what a bot sends, and how a text is made to fit them. Pure.
 *
 * Sources (Bot API, https://core.telegram.org/bots/api): sendMessage text "1-4096 characters
 * after entities parsing"; sendPhoto/sendDocument caption "0-1024 characters after entities
 * parsing"; InlineKeyboardButton callback_data "1-64 bytes"; "Formatting options / HTML style":
 * tags are removed and entities decoded before counting, and Telegram counts UTF-16 code units.
 * Inline keyboards: 100 buttons at most (observed, not documented).
 */

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const MAX_CALLBACK_DATA_BYTES = 64;
export const MAX_INLINE_BUTTONS = 100;

type OpenTag = { kind: 'open'; raw: string; name: string };
type Token =
  /** One character (or surrogate pair) or one entity: never cut inside. */
  | { kind: 'text'; raw: string; length: number; breaks?: 'line' | 'space' }
  | OpenTag
  | { kind: 'close'; raw: string; name: string };

const NAMED_ENTITY = /^&(?:lt|gt|amp|quot);/i;
const NUMERIC_ENTITY = /^&#(?:(\d{1,7})|[xX]([0-9a-fA-F]{1,6}));/;
const TAG = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>/;
/** The tags Telegram's HTML supports (Bot API, "HTML style"). */
const SUPPORTED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

/**
 * Cuts Telegram HTML (or plain text) into tokens: tags, and characters or entities that count
 * as their decoded length. A stray `&` or `>` becomes its entity, so the output is always valid.
 */
function tokenize(text: string, html: boolean): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (html && code === 60 /* < */) {
      const tag = TAG.exec(text.slice(i, text.indexOf('>', i) + 1));
      if (tag && SUPPORTED_TAGS.has(tag[1]!.toLowerCase())) {
        const name = tag[1]!.toLowerCase();
        tokens.push({ kind: tag[0][1] === '/' ? 'close' : 'open', raw: tag[0], name });
        i += tag[0].length;
        continue;
      }
      tokens.push({ kind: 'text', raw: '&lt;', length: 1 });
      i++;
      continue;
    }
    if (html && code === 38 /* & */) {
      const rest = text.slice(i, i + 12);
      const named = NAMED_ENTITY.exec(rest);
      const numeric = named ? null : NUMERIC_ENTITY.exec(rest);
      const entity = named?.[0] ?? numeric?.[0];
      if (entity) {
        const point = numeric ? (numeric[1] !== undefined ? Number(numeric[1]) : parseInt(numeric[2]!, 16)) : 0;
        tokens.push({ kind: 'text', raw: entity, length: point > 0xffff ? 2 : 1 });
        i += entity.length;
        continue;
      }
      tokens.push({ kind: 'text', raw: '&amp;', length: 1 });
      i++;
      continue;
    }
    if (html && code === 62 /* > */) {
      tokens.push({ kind: 'text', raw: '&gt;', length: 1 });
      i++;
      continue;
    }
    // A surrogate pair (an emoji) is one character that counts as two.
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const raw = pair ? text.slice(i, i + 2) : text[i]!;
    if (code === 10) tokens.push({ kind: 'text', raw, length: 1, breaks: 'line' });
    else if (code === 32 || code === 9 || code === 0xa0) tokens.push({ kind: 'text', raw, length: 1, breaks: 'space' });
    else tokens.push({ kind: 'text', raw, length: raw.length });
    i += raw.length;
  }
  return html ? balance(tokens) : tokens;
}

/** A tag without its partner (or crossing another) is shown as written instead of refused. */
function balance(tokens: Token[]): Token[] {
  const asText = (t: Token): Token => ({
    kind: 'text',
    raw: t.raw.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    length: t.raw.length,
  });
  const open: number[] = [];
  const unmatched = new Set<number>();
  for (const [i, t] of tokens.entries()) {
    if (t.kind === 'open') open.push(i);
    else if (t.kind === 'close') {
      const at = open.findLastIndex((o) => (tokens[o] as OpenTag).name === t.name);
      if (at === -1) unmatched.add(i);
      else for (const crossing of open.splice(at).slice(1)) unmatched.add(crossing);
    }
  }
  for (const o of open) unmatched.add(o);
  return unmatched.size === 0 ? tokens : tokens.map((t, i) => (unmatched.has(i) ? asText(t) : t));
}

/** Tags and entities Telegram reads; anything else with < > & in it needs the tokenizer. */
const MARKUP = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>|&(?:lt|gt|amp|quot|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});/gi;

/** Only supported tags, each closed in order, and no stray < > &: what Telegram accepts. */
function wellFormed(text: string): boolean {
  if (/[<>&]/.test(text.replace(MARKUP, ''))) return false;
  const open: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g)) {
    const name = m[2]!.toLowerCase();
    if (!SUPPORTED_TAGS.has(name)) return false;
    if (m[1] === '') open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/** How many characters Telegram counts for this text (HTML parsed when `html`). */
export function visibleLength(text: string, html = true): number {
  return tokenize(text, html).reduce((sum, t) => sum + (t.kind === 'text' ? t.length : 0), 0);
}

/** The text as the reader sees it: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return tokenize(html, true)
    .filter((t) => t.kind === 'text')
    .map((t) => decodeEntity(t.raw))
    .join('');
}

function decodeEntity(raw: string): string {
  if (!raw.startsWith('&') || raw.length === 1) return raw;
  const named: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };
  if (named[raw.toLowerCase()]) return named[raw.toLowerCase()]!;
  const m = NUMERIC_ENTITY.exec(raw);
  return m ? String.fromCodePoint(m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16)) : raw;
}

/**
 * Splits a message into parts Telegram accepts: each at most `max` characters as Telegram
 * counts them (the first at most `firstMax`, e.g. a caption), cut at a line break when one is
 * in the second half of the part, else at a space, else between two characters; never inside a
 * tag or an entity. A tag open at a cut is closed at the end of its part and opened again at the
 * start of the next, so each part is valid HTML on its own. Parts with nothing visible are
 * dropped; a valid text that fits comes back as it was. When `html`, what Telegram would refuse
 * is shown as written instead: a stray `&`, `<` or `>`, an unsupported tag, a tag without its
 * partner.
 */
export function splitMessage(
  text: string,
  options: { max?: number; firstMax?: number; html?: boolean } = {},
): string[] {
  const html = options.html ?? true;
  const max = options.max ?? MAX_TEXT;
  // The common case, cheaply: short enough even counting the markup, and nothing to escape.
  const clean = !html || wellFormed(text);
  if (text.length <= (options.firstMax ?? max) && clean && text.trim() !== '') return [text];
  const tokens = tokenize(text, html);
  const parts: string[] = [];
  // A part is kept if it shows something other than blanks (Telegram refuses an empty text).
  const keep = (body: Token[], part: string) =>
    body.some((t) => t.kind === 'text' && t.breaks === undefined && t.raw.trim() !== '') ? [part] : [];
  let reopen: OpenTag[] = [];
  let start = 0;
  while (start < tokens.length) {
    const limit = parts.length === 0 ? (options.firstMax ?? max) : max;
    const stack = [...reopen];
    let length = 0;
    let i = start;
    let line: { at: number; length: number; stack: OpenTag[] } | undefined;
    let space: typeof line;
    // The open tags as of the last change, copied once however many breaks share them.
    let snapshot: OpenTag[] | undefined;
    for (; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'open') {
        stack.push(t);
        snapshot = undefined;
      } else if (t.kind === 'close') {
        const at = stack.map((s) => s.name).lastIndexOf(t.name);
        if (at !== -1) stack.splice(at, 1);
        snapshot = undefined;
      } else {
        if (length + t.length > limit) break;
        if (t.breaks === 'line' && i > start) line = { at: i, length, stack: (snapshot ??= [...stack]) };
        if (t.breaks === 'space' && i > start) space = { at: i, length, stack: (snapshot ??= [...stack]) };
        length += t.length;
      }
    }
    if (i >= tokens.length) {
      parts.push(...keep(tokens.slice(start), render(reopen, tokens.slice(start), [])));
      break;
    }
    const half = limit / 2;
    const cut =
      line && line.length >= half
        ? line
        : space && space.length >= half
          ? space
          : (line?.length ?? -1) >= (space?.length ?? -1)
            ? line
            : space;
    if (cut) {
      parts.push(...keep(tokens.slice(start, cut.at), render(reopen, tokens.slice(start, cut.at), cut.stack)));
      reopen = cut.stack;
      start = cut.at + 1; // the line break or space itself is where the parts meet
    } else {
      if (i === start) i++; // a limit smaller than one character: never loop forever
      parts.push(...keep(tokens.slice(start, i), render(reopen, tokens.slice(start, i), stack)));
      reopen = stack;
      start = i;
    }
  }
  return parts;
}

function render(reopen: OpenTag[], body: Token[], open: OpenTag[]): string {
  const closing = [...open].reverse().map((t) => `</${t.name}>`);
  return [...reopen.map((t) => t.raw), ...body.map((t) => t.raw), ...closing].join('');
}

/** Whether `data` fits in a button's callback data (1 to 64 bytes of UTF-8). */
export function fitsCallbackData(data: string): boolean {
  const bytes = new TextEncoder().encode(data).length;
  return bytes >= 1 && bytes <= MAX_CALLBACK_DATA_BYTES;
}
