import { describe, expect, it } from 'vitest';
import { answerWarning, monthsOfPeriodKey, type WarningContext } from '../../src/domain/plausibility.js';
import { fieldSchema, type FieldDefinition } from '../../src/domain/template.js';

const field = (input: Record<string, unknown>): FieldDefinition =>
  fieldSchema.parse({ key: 'f', label: 'F', ...input });
const members = field({ type: 'integer', unit: 'người', min: 0, target: 'hoi_vien_moi' });
const today = new Date('2026-11-20T10:00:00+07:00');
const november = {
  startsAt: new Date('2026-11-01T00:00:00+07:00'),
  endsAt: new Date('2026-12-01T00:00:00+07:00'),
  months: 1,
};
const context = (extra: Partial<WarningContext>): WarningContext => ({ today, period: november, ...extra });

describe('answerWarning: numbers against the yearly target', () => {
  const target = { year: 2026, value: 600 };

  it('questions 1.500 new members in one month against a yearly target of 600', () => {
    expect(answerWarning(members, 1500, context({ target }))).toEqual({
      code: 'above_year_target',
      target: 600,
      year: 2026,
    });
  });

  it.each([
    [601, { months: 1 }, true],
    [600, { months: 1 }, false],
    [100, { months: 1 }, false],
    [700, { months: 3 }, true],
    [900, { months: 6 }, false], // half a year may reach 3 × half the target
    [901, { months: 6 }, true],
    [1800, { months: 12 }, false], // a yearly report may beat the target threefold
    [1801, { months: 12 }, true],
    [601, { months: undefined }, true], // a one-off report
  ] as const)('%d in a period of %j: questioned %s', (value, { months }, questioned) => {
    const period = { ...november, months };
    expect(answerWarning(members, value, { today, period, target }) !== undefined).toBe(questioned);
  });

  it('does not question without a target, or with a zero target', () => {
    expect(answerWarning(members, 1500, context({}))).toBeUndefined();
    expect(answerWarning(members, 1500, context({ target: { year: 2026, value: 0 } }))).toBeUndefined();
  });
});

describe('answerWarning: numbers against last period', () => {
  it.each([
    [42_000, 42, 'jump'], // 1,000 times last period's
    [4200, 42, 'jump'],
    [500, 42, 'jump'], // ×11 and 458 more
    [300, 3, 'jump'], // ×100
    [1.5, 1500, 'drop'], // a decimal comma for a thousands dot
    [12, 1500, 'drop'],
    [50, 5, undefined], // ×10 but only 45 more: small counts vary
    [99, 42, undefined],
    [0, 1500, undefined], // nothing this month is normal
    [16, 1500, undefined],
  ] as const)('%d after %d: %s', (value, previous, code) => {
    expect(answerWarning(members, value, context({ previous }))?.code).toBe(code);
  });

  it('names the jump rather than the target when both apply', () => {
    expect(answerWarning(members, 42_000, context({ previous: 42, target: { year: 2026, value: 500 } }))?.code).toBe(
      'jump',
    );
  });

  it('gives the factor for "gấp … lần"', () => {
    expect(answerWarning(members, 42_000, context({ previous: 42 }))).toEqual({
      code: 'jump',
      previous: 42,
      factor: 1000,
    });
  });

  it('never questions zero, negatives or a first report', () => {
    expect(answerWarning(members, 0, context({ previous: 5, target: { year: 2026, value: 1 } }))).toBeUndefined();
    expect(answerWarning(field({ type: 'decimal' }), -5000, context({ previous: 5 }))).toBeUndefined();
    expect(answerWarning(members, 99_999, context({}))).toBeUndefined();
  });
});

describe('answerWarning: dates', () => {
  const date = field({ type: 'date' });

  it.each([
    ['2026-12-06', 'future_date'], // after the month reported and after today
    ['2027-01-01', 'future_date'],
    ['2026-11-30', undefined], // within the period, though still to come
    ['2026-11-20', undefined],
    ['2025-06-01', undefined],
  ] as const)('%s: %s', (value, code) => {
    expect(answerWarning(date, value, context({}))?.code).toBe(code);
  });

  it('takes today as the limit for a report filled after its period', () => {
    const late = new Date('2026-12-03T10:00:00+07:00');
    expect(answerWarning(date, '2026-12-02', { today: late, period: november })).toBeUndefined();
    expect(answerWarning(date, '2026-12-04', { today: late, period: november })?.code).toBe('future_date');
  });

  it('says nothing about other kinds of answer', () => {
    expect(answerWarning(field({ type: 'text' }), '2099-01-01', context({}))).toBeUndefined();
    expect(answerWarning(field({ type: 'yes_no' }), true, context({}))).toBeUndefined();
  });
});

describe('monthsOfPeriodKey', () => {
  it.each([
    ['2026-11', 1],
    ['2026-Q4', 3],
    ['2026-H1', 6],
    ['2026', 12],
    ['once', undefined],
  ] as const)('%s spans %s months', (key, months) => {
    expect(monthsOfPeriodKey(key)).toBe(months);
  });
});
