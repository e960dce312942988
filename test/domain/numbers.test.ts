import { describe, expect, it } from 'vitest';
import { formatNumber, parseVietnameseNumber } from '../../src/domain/numbers.js';

describe('parseVietnameseNumber', () => {
  it.each([
    ['1.500', 1500],
    ['1.500.000', 1_500_000],
    ['2,5', 2.5],
    ['1 500', 1500],
    ['1\u00a0500', 1500], // non-breaking space, as some phone keyboards insert
    ['1.500,5', 1500.5],
    ['12.345,678', 12345.678],
    ['-3', -3],
    ['+7', 7],
    ['0,500', 0.5],
    ['-0,5', -0.5],
    ['2.5', 2.5], // a dot followed by other than 3 digits cannot group thousands
    ['1.50', 1.5],
    ['  42  ', 42],
    ['0', 0],
  ])('reads %j as %d', (input, expected) => {
    expect(parseVietnameseNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['1,500', [1.5, 1500]],
    ['10,000', [10, 10000]],
    ['-1,500', [-1.5, -1500]],
  ])('reports %j as ambiguous instead of guessing', (input, candidates) => {
    expect(parseVietnameseNumber(input)).toEqual({ ok: false, reason: 'ambiguous', candidates });
  });

  it('does not call a comma with 3 digits ambiguous once a dot already grouped the thousands', () => {
    expect(parseVietnameseNumber('1.000,500')).toEqual({ ok: true, value: 1000.5 });
  });

  it.each(['abc', '1,2,3', '1.', '1,', '12.34.5', '1..5', '.5', ',5', '', '   ', '12a', '1-2', '--3', '1.5,5'])(
    'rejects %j',
    (input) => {
      expect(parseVietnameseNumber(input)).toEqual({ ok: false, reason: 'not_a_number' });
    },
  );

  it('does not silently read "0.500" as five hundred', () => {
    // No Vietnamese writer groups thousands after a leading 0; "0.500" is someone meaning 0,5
    // (e.g. 0.5 triệu đồng). Reading it as 500 is a silent 1000x error.
    const acceptable = [
      { ok: true, value: 0.5 },
      { ok: false, reason: 'not_a_number' },
      { ok: false, reason: 'ambiguous', candidates: [0.5, 500] },
    ];
    expect(acceptable).toContainEqual(parseVietnameseNumber('0.500'));
  });
});

describe('formatNumber', () => {
  it.each([
    [1500, '1.500'],
    [2.5, '2,5'],
    [1_234_567, '1.234.567'],
    [0.5, '0,5'],
    [-3, '-3'],
    [0, '0'],
    [1234.567, '1.234,57'], // at most two decimals
  ])('formats %d as %j', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it.each([1500, 2.5, 1_500_000, 1500.5, 0.25])('what it shows for %d reads back as the same number', (value) => {
    expect(parseVietnameseNumber(formatNumber(value))).toEqual({ ok: true, value });
  });
});

describe('parseVietnameseNumber: what people type', () => {
  it.each([
    ['1,250.75', 1250.75], // English style, unambiguous: comma groups before a decimal point
    ['1,000,000', 1_000_000], // several comma groups cannot be a decimal comma
    ['12,345,678.5', 12_345_678.5],
    ['1,000.5', 1000.5],
    ['1.500', 1500], // Vietnamese grouping stays
    ['2,5', 2.5],
    ['1.250,75', 1250.75],
    ['１２', 12], // fullwidth digits from some phone keyboards
    ['１．５００', 1500],
    ['١٢', 12], // Arabic-Indic digits
    ['−7', -7], // a real minus sign
    ['999.999.999.999.999', 999_999_999_999_999],
  ])('reads %j as %d', (input, expected) => {
    expect(parseVietnameseNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['1,00,000', '1,0000,000', '1,000.000.5', '1,000,00'])('refuses the mixed grouping %j', (input) => {
    expect(parseVietnameseNumber(input).ok).toBe(false);
  });

  it.each([
    '1'.repeat(400), // used to become Infinity
    '9'.repeat(16),
    '1.000.000.000.000.000',
    '1,000,000,000,000,000',
    `-${'9'.repeat(20)}`,
    `${'1'.repeat(309)},5`,
  ])('refuses a number too large to be real (%s) as too_large, never Infinity', (input) => {
    expect(parseVietnameseNumber(input)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('never returns NaN or Infinity as a value', () => {
    for (const input of ['1'.repeat(400), 'NaN', 'Infinity', '-Infinity', '1e400', '0x10', '١'.repeat(500)]) {
      const parsed = parseVietnameseNumber(input);
      if (parsed.ok) expect(Number.isFinite(parsed.value)).toBe(true);
    }
  });
});
