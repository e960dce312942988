import { describe, expect, it } from 'vitest';
import { scheduleDefinitionSchema, type ScheduleDefinition } from '../../../src/domain/periods.js';
import {
  listWindows,
  periodsOfWindow,
  periodsYearToDate,
  previousWindow,
  sameWindowLastYear,
  windowByKey,
  type SummaryWindow,
} from '../../../src/domain/summary/windows.js';
import { vi } from '../../../src/i18n/vi.js';

const schedule = (frequency: string, extra: object = {}): ScheduleDefinition =>
  scheduleDefinitionSchema.parse({ frequency, deadline: { day: 25, time: '17:00' }, ...extra });
const monthly = schedule('monthly');
const quarterly = schedule('quarterly');
const halfYearly = schedule('half_yearly');
const yearly = schedule('yearly');

const at = (s: ScheduleDefinition, key: string): SummaryWindow => {
  const window = windowByKey(s, key);
  if (!window) throw new Error(`no window ${key}`);
  return window;
};
const keys = (s: ScheduleDefinition, key: string) => periodsOfWindow(s, at(s, key)).map((p) => p.key);
const name = (w: SummaryWindow | undefined) => (w ? vi.summary.windowName(w) : undefined);

describe('summary windows', () => {
  it('names each window in Vietnamese', () => {
    expect(name(at(monthly, '2026-03'))).toBe('Tháng 3/2026');
    expect(name(at(monthly, '2026-Q1'))).toBe('Quý I/2026');
    expect(name(at(monthly, '2026-Q4'))).toBe('Quý IV/2026');
    expect(name(at(monthly, '2026-H1'))).toBe('6 tháng đầu năm 2026');
    expect(name(at(halfYearly, '2026-H2'))).toBe('6 tháng cuối năm 2026');
    expect(name(at(monthly, '2026-9M'))).toBe('9 tháng năm 2026');
    expect(name(at(monthly, '2026'))).toBe('Năm 2026');
  });

  it('spans Vietnam-time months: March 2026 from 1/3 00:00 to 1/4 00:00 (UTC+7)', () => {
    const march = at(monthly, '2026-03');
    expect(march.startsAt.toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(march.endsAt.toISOString()).toBe('2026-03-31T17:00:00.000Z');
    expect(at(monthly, '2026').endsAt.toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('builds a quarter, the first 6 months, 9 months and the year from monthly periods', () => {
    expect(keys(monthly, '2026-03')).toEqual(['2026-03']);
    expect(keys(monthly, '2026-Q2')).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(keys(monthly, '2026-H1')).toHaveLength(6);
    expect(keys(monthly, '2026-9M')).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ]);
    expect(keys(monthly, '2026')).toHaveLength(12);
    // The year to date of a quarter runs from January to its last month.
    expect(periodsYearToDate(monthly, at(monthly, '2026-Q2')).map((p) => p.key)).toHaveLength(6);
  });

  it('builds from quarterly and half-yearly reports only what they can make up; their own periods are windows', () => {
    expect(windowByKey(quarterly, '2026-03')).toBeUndefined();
    expect(keys(quarterly, '2026-Q3')).toEqual(['2026-Q3']);
    expect(keys(quarterly, '2026-H1')).toEqual(['2026-Q1', '2026-Q2']);
    expect(keys(quarterly, '2026-9M')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(keys(quarterly, '2026')).toHaveLength(4);
    expect(windowByKey(halfYearly, '2026-Q1')).toBeUndefined();
    expect(windowByKey(halfYearly, '2026-9M')).toBeUndefined();
    expect(keys(halfYearly, '2026-H2')).toEqual(['2026-H2']);
    expect(keys(halfYearly, '2026')).toEqual(['2026-H1', '2026-H2']);
    expect(keys(yearly, '2026')).toEqual(['2026']);
    expect(windowByKey(yearly, '2026-H1')).toBeUndefined();
    // A monthly schedule lists the first half only (sơ kết); the year covers the rest.
    expect(windowByKey(monthly, '2026-H2')).toBeUndefined();
    for (const bad of ['2026-13', '2026-Q5', '26', '2026-H3', 'once'])
      expect(windowByKey(monthly, bad)).toBeUndefined();
  });

  it("a one-off schedule's only window is its own period", () => {
    const once = scheduleDefinitionSchema.parse({
      frequency: 'once',
      opens: '2026-05-04',
      deadline: { date: '2026-05-20', time: '17:00' },
    });
    const window = at(once, 'once');
    expect(window).toMatchObject({ kind: 'once', year: 2026, firstMonth: 5, lastMonth: 5 });
    expect(name(window)).toBe('Đợt báo cáo đột xuất');
    expect(keys(once, 'once')).toEqual(['once']);
    expect(previousWindow(once, window)).toBeUndefined();
    expect(sameWindowLastYear(once, window)).toBeUndefined();
    expect(listWindows(once, new Date('2026-05-01T00:00:00Z'), 2025)).toEqual([]);
    expect(listWindows(once, new Date('2026-06-01T00:00:00Z'), 2025)).toHaveLength(1);
  });

  it('finds the previous window and the same window last year', () => {
    const prev = (s: ScheduleDefinition, key: string) => previousWindow(s, at(s, key))?.key;
    expect(prev(monthly, '2026-01')).toBe('2025-12');
    expect(prev(monthly, '2026-07')).toBe('2026-06');
    expect(prev(monthly, '2026-Q1')).toBe('2025-Q4');
    expect(prev(monthly, '2026-Q3')).toBe('2026-Q2');
    expect(prev(monthly, '2026-H1')).toBe('2025-H2');
    expect(prev(halfYearly, '2026-H2')).toBe('2026-H1');
    expect(prev(monthly, '2026-9M')).toBeUndefined();
    expect(prev(monthly, '2026')).toBe('2025');
    const lastYear = (s: ScheduleDefinition, key: string) => sameWindowLastYear(s, at(s, key))?.key;
    expect(lastYear(monthly, '2026-03')).toBe('2025-03');
    expect(lastYear(monthly, '2026-9M')).toBe('2025-9M');
    expect(lastYear(quarterly, '2026-H1')).toBe('2025-H1');
    expect(keys(monthly, '2026-H1')).toHaveLength(6);
    expect(periodsOfWindow(monthly, previousWindow(monthly, at(monthly, '2026-H1'))!)).toHaveLength(6);
  });

  it('lists the windows begun so far, latest ending first and the longer first for the same end', () => {
    const listed = listWindows(monthly, new Date('2026-04-10T03:00:00Z'), 2026).map((w) => w.key);
    expect(listed).toEqual([
      '2026',
      '2026-9M',
      '2026-H1',
      '2026-Q2',
      '2026-04',
      '2026-Q1',
      '2026-03',
      '2026-02',
      '2026-01',
    ]);
    const halves = listWindows(halfYearly, new Date('2026-08-01T03:00:00Z'), 2025).map((w) => w.key);
    expect(halves).toEqual(['2026', '2026-H2', '2026-H1', '2025', '2025-H2', '2025-H1']);
  });
});
