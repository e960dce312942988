/**
 * Numbers as Vietnamese people type them: "." groups thousands, "," marks decimals.
 * "1.500" = 1500, "2,5" = 2.5, "1 500" = 1500, "1.500,5" = 1500.5.
 * "1,500" could be 1.5 or (English habit) 1500: reported as ambiguous, never guessed.
 */
export type ParsedNumber =
  | { ok: true; value: number }
  | { ok: false; reason: 'not_a_number' }
  | { ok: false; reason: 'ambiguous'; candidates: [number, number] };

const GROUPED_THOUSANDS = /^[1-9]\d{0,2}(\.\d{3})+$/;
/** "0" alone or a number without a leading zero: "01.500" is a typo, not a number. */
const WHOLE = /^(0|[1-9][\d.]*)$/;

export function parseVietnameseNumber(input: string): ParsedNumber {
  const compact = input.trim().replace(/[\s\u00a0]+/g, '');
  const match = /^([+-]?)(\d[\d.,]*)$/.exec(compact);
  if (!match) return { ok: false, reason: 'not_a_number' };
  const sign = match[1] === '-' ? -1 : 1;
  const body = match[2]!;

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
