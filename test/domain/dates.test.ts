import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, readVietnameseDate } from '../../src/domain/dates.js';

const vn = (isoWithoutOffset: string) => new Date(`${isoWithoutOffset}+07:00`);

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('formatDate / formatDateTime', () => {
  it('writes dd/mm/yyyy and HH:mm dd/mm/yyyy with leading zeros', () => {
    expect(formatDate(vn('2026-03-05T09:05:00'))).toBe('05/03/2026');
    expect(formatDateTime(vn('2026-03-05T09:05:00'))).toBe('09:05 ngày 05/03/2026');
  });

  it('uses the 24-hour clock', () => {
    expect(formatDateTime(vn('2026-11-25T17:00:00'))).toBe('17:00 ngày 25/11/2026');
    expect(formatDateTime(vn('2026-11-25T00:00:00'))).toBe('00:00 ngày 25/11/2026');
  });

  it.each([
    'UTC',
    'America/Los_Angeles',
    'America/New_York',
    'Europe/Berlin',
    'Pacific/Kiritimati',
    'Asia/Ho_Chi_Minh',
  ])('gives Vietnam time with TZ=%s', (tz) => {
    process.env.TZ = tz;
    // 16:30 UTC on 30 November; already 1 December in Vietnam? No: 23:30 on 30 November.
    expect(formatDate(vn('2026-11-30T23:30:00'))).toBe('30/11/2026');
    expect(formatDateTime(vn('2026-11-30T23:30:00'))).toBe('23:30 ngày 30/11/2026');
    // 17:30 UTC on 30 November is 00:30 on 1 December in Vietnam.
    expect(formatDate(new Date('2026-11-30T17:30:00Z'))).toBe('01/12/2026');
    expect(formatDateTime(new Date('2026-11-30T17:30:00Z'))).toBe('00:30 ngày 01/12/2026');
    // 10:00 UTC is 17:00 in Vietnam.
    expect(formatDateTime(new Date('2026-11-25T10:00:00Z'))).toBe('17:00 ngày 25/11/2026');
  });

  it('gives the Vietnam date when the server is already on the next day', () => {
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
    expect(formatDate(vn('2026-11-25T22:00:00'))).toBe('25/11/2026');
  });

  // A Vietnam time whose wall-clock reading does not exist in the server's zone (the hour
  // skipped when that zone moves its clocks forward) must still be shown as it is in Vietnam.
  it.each([
    ['America/New_York', '2026-03-08T02:30:00', '02:30 ngày 08/03/2026'],
    ['Europe/Berlin', '2026-03-29T02:30:00', '02:30 ngày 29/03/2026'],
  ])('is not shifted by the daylight-saving gap of TZ=%s', (tz, at, expected) => {
    process.env.TZ = tz;
    expect(formatDateTime(vn(at))).toBe(expected);
  });

  // The hour repeated when the server's zone moves its clocks back.
  it.each([
    ['America/New_York', '2026-11-01T01:30:00', '01:30 ngày 01/11/2026'],
    ['Europe/Berlin', '2026-10-25T02:30:00', '02:30 ngày 25/10/2026'],
  ])('is not shifted by the daylight-saving overlap of TZ=%s', (tz, at, expected) => {
    process.env.TZ = tz;
    expect(formatDateTime(vn(at))).toBe(expected);
  });
});

describe('readVietnameseDate', () => {
  const at = (iso: string) => new Date(`${iso}T10:00:00+07:00`);
  const month = (from: string, to: string) => ({
    startsAt: new Date(`${from}T00:00:00+07:00`),
    endsAt: new Date(`${to}T00:00:00+07:00`),
  });

  it.each([
    ['ngày 6/12', '2026-12-06'],
    ['Ngày 06-12-2026', '2026-12-06'],
    ['vào ngày 6.12.2026', '2026-12-06'],
    ['6 tháng 12', '2026-12-06'],
    ['6 tháng 12 năm 2026', '2026-12-06'],
    ['６/１２', '2026-12-06'],
    ['6/12.', '2026-12-06'],
  ])('reads %j', (input, iso) => {
    expect(readVietnameseDate(input, at('2026-12-20'))?.iso).toBe(iso);
  });

  it('"28/12" typed on 2/1/2027 for December 2026 is 28/12/2026, not a day to come', () => {
    expect(readVietnameseDate('28/12', at('2027-01-02'), month('2026-12-01', '2027-01-01'))).toEqual({
      iso: '2026-12-28',
      yearGuessed: true,
      future: false,
    });
    // Without the period too: the nearest such day is last week.
    expect(readVietnameseDate('28/12', at('2027-01-02'))?.iso).toBe('2026-12-28');
  });

  it.each([
    // [typed, today, period, expected, future]
    ['30/11', '2026-12-03', ['2026-11-01', '2026-12-01'], '2026-11-30', false],
    ['15/1', '2026-12-20', ['2026-12-01', '2027-01-01'], '2027-01-15', true], // nearest, but to come: asked about
    ['25/12', '2026-12-20', ['2026-12-01', '2027-01-01'], '2026-12-25', false], // within the month being reported
    ['1/1', '2027-01-10', ['2026-10-01', '2027-01-01'], '2027-01-01', false], // Q4 report filled in January
    ['31/12', '2027-01-10', ['2026-10-01', '2027-01-01'], '2026-12-31', false],
    ['10/10', '2027-01-10', ['2026-10-01', '2027-01-01'], '2026-10-10', false],
    ['6/12', '2026-11-20', ['2026-11-01', '2026-12-01'], '2026-12-06', true],
  ] as const)('reads %j on %s as the nearest sensible day', (typed, today, [from, to], iso, future) => {
    expect(readVietnameseDate(typed, at(today), month(from, to))).toMatchObject({ iso, future });
  });

  it('marks a date typed with a year after today and after the period as future', () => {
    expect(readVietnameseDate('6/12/2027', at('2026-12-20'), month('2026-12-01', '2027-01-01'))).toEqual({
      iso: '2027-12-06',
      yearGuessed: false,
      future: true,
    });
    expect(readVietnameseDate('6/12/2025', at('2026-12-20'))?.future).toBe(false);
  });

  it('finds 29/2 in the nearest leap year', () => {
    expect(readVietnameseDate('29/2', at('2026-12-20'))?.iso).toBe('2024-02-29');
    expect(readVietnameseDate('29/2', at('2028-03-10'))?.iso).toBe('2028-02-29');
  });

  it.each(['ngày', '6/12/20266', '6 tháng', '32/1', 'ngày mai'])('refuses %j', (input) => {
    expect(readVietnameseDate(input, at('2026-12-20'))).toBeUndefined();
  });
});
