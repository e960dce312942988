import { normalizeDigits } from './text.js';

/**
 * Numbers as Vietnamese people type them: "." groups thousands, "," marks decimals.
 * "1.500" = 1500, "2,5" = 2.5, "1 500" = 1500, "1.500,5" = 1500.5.
 * "1,500" could be 1.5 or (English habit) 1500: reported as ambiguous, never guessed.
 * English style is read only where it cannot mean anything else: several comma groups
 * ("1,000,000") or comma groups before a decimal point ("1,250.75").
 * Fullwidth and other Unicode digits count as digits ("１２", "١٢").
 * A number beyond ±MAX_ABS is `too_large`: never Infinity, never a value that lost its
 * last digits.
 */
export type ParsedNumber =
  | { ok: true; value: number }
  | { ok: false; reason: 'not_a_number' }
  | { ok: false; reason: 'too_large' }
  | { ok: false; reason: 'ambiguous'; candidates: [number, number] };

/** The largest magnitude any number answer may have: 15 nines, so every whole number is exact in a double. */
export const MAX_ABS = 999_999_999_999_999;
/** "1,000,000" or "1,250.75": commas grouping thousands, maybe a decimal point after. */
const ENGLISH = /^([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;

const GROUPED_THOUSANDS = /^[1-9]\d{0,2}(\.\d{3})+$/;
/** "0" alone or a number without a leading zero: "01.500" is a typo, not a number. */
const WHOLE = /^(0|[1-9][\d.]*)$/;

export function parseVietnameseNumber(input: string): ParsedNumber {
  const compact = normalizeDigits(input).replace(/\s+/g, '');
  const match = /^([+-]?)(\d[\d.,]*)$/.exec(compact);
  if (!match) return { ok: false, reason: 'not_a_number' };
  const sign = match[1] === '-' ? -1 : 1;
  const body = match[2]!;
  const result = readBody(sign, body);
  // Too many digits to keep exactly (400 digits used to become Infinity).
  const tooLarge = (n: number) => !Number.isFinite(n) || Math.abs(n) > MAX_ABS;
  if (result.ok && tooLarge(result.value)) return { ok: false, reason: 'too_large' };
  if (!result.ok && result.reason === 'ambiguous' && result.candidates.some(tooLarge))
    return { ok: false, reason: 'too_large' };
  return result;
}

function readBody(sign: number, body: string): ParsedNumber {
  const english = ENGLISH.exec(body);
  if (english && (english[2] !== undefined || body.split(',').length > 2)) {
    return {
      ok: true,
      value: sign * Number(`${english[1]!.replaceAll(',', '')}${english[2] === undefined ? '' : `.${english[2]}`}`),
    };
  }

  const commas = body.split(',').length - 1;
  if (commas > 1 || body.endsWith(',') || body.endsWith('.')) return { ok: false, reason: 'not_a_number' };

  const [whole, fraction] = body.split(',') as [string, string | undefined];
  if (!WHOLE.test(whole) && !/^0\.\d+$/.test(whole)) return { ok: false, reason: 'not_a_number' };
  let wholeValue: number;
  if (!whole.includes('.')) wholeValue = Number(whole);
  else if (GROUPED_THOUSANDS.test(whole)) wholeValue = Number(whole.replaceAll('.', ''));
  else if (fraction === undefined && /^\d+\.\d+$/.test(whole)) {
    // "2.5" cannot be a thousands group: read the dot as a decimal point.
    return { ok: true, value: sign * Number(whole) };
  } else return { ok: false, reason: 'not_a_number' };

  if (fraction === undefined) return { ok: true, value: sign * wholeValue };
  const decimal = sign * Number(`${wholeValue}.${fraction}`);
  if (fraction.length === 3 && !whole.includes('.') && whole !== '0') {
    return { ok: false, reason: 'ambiguous', candidates: [decimal, sign * Number(`${whole}${fraction}`)] };
  }
  return { ok: true, value: decimal };
}

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** 1500 → "1.500", 2.5 → "2,5". */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}
