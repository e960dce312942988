/**
 * Text as people send it, made safe and comparable before any use or storage.
 *
 * Why: Postgres refuses NUL in text and jsonb ("invalid byte sequence", "unsupported Unicode
 * escape sequence"), and a lone UTF-16 surrogate cannot be encoded as UTF-8 at all; both used
 * to end in the generic apology. Phones also send the same words in several Unicode forms
 * (decomposed Vietnamese diacritics, fullwidth or Arabic-Indic digits, zero-width characters).
 */

/** C0 and C1 control characters except tab (U+0009) and newline (U+000A); CR is dropped too (CRLF → LF). */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Characters that are never wanted inside a word: zero-width space, word joiner, invisible
 * operators, BOM / zero-width no-break space, soft hyphen, bidi marks and embeddings.
 */
const STRIPPED_INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u00AD\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C\u180E]/g;
/**
 * Characters that show nothing on their own but are kept inside text because emoji and some
 * scripts need them (ZWJ, ZWNJ, variation selectors), plus blank-looking fillers (Hangul
 * filler, braille blank, combining grapheme joiner). Text made only of these is empty.
 */
// Each code point is meant alone here (joiners and combining marks are what is looked for).
const INVISIBLE_ALONE =
  // eslint-disable-next-line no-misleading-character-class
  /[\u200C\u200D\uFE00-\uFE0F\u034F\u115F\u1160\u3164\uFFA0\u2800\u17B4\u17B5]|\uDB40[\uDD00-\uDDEF]/g;

/**
 * Cleans one piece of text a person sent (a message, a caption, a name, a file name):
 * Unicode NFC, lone surrogates → U+FFFD, NUL and other control characters removed (tab and
 * newline kept), zero-width and bidi characters removed, trimmed. Text that shows nothing
 * (only spaces and invisible characters) comes back as "".
 */
export function cleanText(input: string): string {
  const text = input
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(CONTROL, '')
    .replace(STRIPPED_INVISIBLE, '')
    .trim();
  return text.replace(INVISIBLE_ALONE, '').trim() === '' ? '' : text;
}

/** True when a person's text has nothing to read in it (see `cleanText`). */
export function isBlank(input: string): boolean {
  return cleanText(input) === '';
}

/**
 * For reading numbers and dates: NFKC (fullwidth "１２" → "12", "，" → ","), then every other
 * Unicode decimal digit (Arabic-Indic "١٢", Devanagari, Thai...) → its ASCII digit; the
 * other minus signs → "-"; every kind of space → " ".
 * Unicode encodes each set of decimal digits as ten consecutive code points, 0 to 9.
 */
export function normalizeDigits(input: string): string {
  return cleanText(input)
    .normalize('NFKC')
    .replace(/\p{Nd}/gu, (digit) => String(digitValue(digit)))
    .replace(/[\u2212\u2012\u2013\uFE63\uFF0D]/g, '-')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ');
}

function digitValue(digit: string): number {
  const code = digit.codePointAt(0)!;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  let zero = code;
  while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return (code - zero) % 10;
}

/** Lowercase without diacritics ("Không" → "khong", "Đúng" → "dung"), for matching words typed without a Vietnamese keyboard. */
export function foldVietnamese(input: string): string {
  return cleanText(input).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/\s+/g, ' ');
}
