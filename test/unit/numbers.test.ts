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
