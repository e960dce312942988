/**
 * Summary windows (kỳ tổng hợp): the stretches of a year a leader summarises, built from the
 * periods of one schedule. From monthly reports: a month, a quarter, the first 6 months
 * (sơ kết), 9 months, the year (tổng kết); from quarterly reports the same without the
 * month; a half-yearly or yearly schedule's own periods are windows of their own, and a
 * one-off schedule's single period is its only window. Dates are Vietnam time
 * (Asia/Ho_Chi_Minh); a window runs from the 1st of its first month, 00:00, to the 1st of the
 * month after its last. Pure: no I/O.
 */
import { periodByKey, periodContaining, RECURRING, type PeriodWindow, type ScheduleDefinition } from '../periods.js';
import { local, localDateTime } from '../time.js';

export type WindowKind = 'month' | 'quarter' | 'half' | 'nine_months' | 'year' | 'once';

export interface SummaryWindow {
  kind: WindowKind;
  /** Stable within a schedule: "2026-03", "2026-Q1", "2026-H1", "2026-9M", "2026" or "once". */
  key: string;
  year: number;
  /** The month (1–12), quarter (1–4) or half (1–2) of the year; absent for 9 months, the year and a one-off. */
  index?: number;
  /** Months of `year` the window spans, 1–12 (a one-off: the months of its opening and its deadline). */
  firstMonth: number;
  lastMonth: number;
  startsAt: Date;
  endsAt: Date;
}

/** A schedule's length in months; a one-off has none. */
function spanOf(schedule: ScheduleDefinition): number | undefined {
  return schedule.frequency === 'once' ? undefined : RECURRING[schedule.frequency];
}

function monthsWindow(kind: WindowKind, key: string, year: number, first: number, last: number, index?: number) {
  const next = last === 12 ? { year: year + 1, month: 1 } : { year, month: last + 1 };
  const window: SummaryWindow = {
    kind,
    key,
    year,
    firstMonth: first,
    lastMonth: last,
    startsAt: localDateTime(year, first, 1, '00:00'),
    endsAt: localDateTime(next.year, next.month, 1, '00:00'),
  };
  if (index !== undefined) window.index = index;
  return window;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Which kinds a schedule of `span` months can build (H2 only as a half-yearly schedule's own period). */
function builds(span: number, kind: WindowKind, index?: number): boolean {
  switch (kind) {
    case 'month':
      return span === 1;
    case 'quarter':
    case 'nine_months':
      return span <= 3;
    case 'half':
      return index === 1 ? span <= 6 : span === 6;
    case 'year':
      return true;
    case 'once':
      return false;
  }
}

/**
 * The window a key names for this schedule, or undefined when the key is malformed or the
 * schedule's periods cannot make it up (a month from quarterly reports).
 */
export function windowByKey(schedule: ScheduleDefinition, key: string): SummaryWindow | undefined {
  const span = spanOf(schedule);
  if (span === undefined) return key === 'once' ? onceWindow(schedule) : undefined;
  return anyWindowByKey(key, span);
}

/** The window of a key, checked against what a schedule of `span` months builds (`H2` is allowed when `span` ≤ 6 for comparisons). */
function anyWindowByKey(key: string, span: number, comparison = false): SummaryWindow | undefined {
  const match = /^(\d{4})(?:-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?$/.exec(key);
  if (!match) return undefined;
  const year = Number(match[1]);
  const part = match[2];
  let window: SummaryWindow;
  if (part === undefined) window = monthsWindow('year', key, year, 1, 12);
  else if (part === '9M') window = monthsWindow('nine_months', key, year, 1, 9);
  else if (part.startsWith('Q')) {
    const q = Number(part[1]);
    window = monthsWindow('quarter', key, year, q * 3 - 2, q * 3, q);
  } else if (part.startsWith('H')) {
    const h = Number(part[1]);
    window = monthsWindow('half', key, year, h * 6 - 5, h * 6, h);
  } else window = monthsWindow('month', key, year, Number(part), Number(part), Number(part));
  const ok = builds(span, window.kind, window.index) || (comparison && window.kind === 'half' && span <= 6);
  return ok ? window : undefined;
}

/** A one-off schedule's only window: its period. */
function onceWindow(schedule: ScheduleDefinition): SummaryWindow {
  const period = periodByKey(schedule, 'once')!;
  const first = local(period.startsAt);
  const last = local(period.deadlineAt);
  return {
    kind: 'once',
    key: 'once',
    year: last.year(),
    firstMonth: first.year() === last.year() ? first.month() + 1 : 1,
    lastMonth: last.month() + 1,
    startsAt: period.startsAt,
    endsAt: period.endsAt,
  };
}

/** The periods of the schedule whose months lie in `year`'s months first…last, in order. */
export function periodsInMonths(
  schedule: ScheduleDefinition,
  year: number,
  firstMonth: number,
  lastMonth: number,
): PeriodWindow[] {
  const span = spanOf(schedule);
  if (span === undefined) {
    const period = periodByKey(schedule, 'once')!;
    return local(period.deadlineAt).year() === year ? [period] : [];
  }
  const periods: PeriodWindow[] = [];
  for (let month = firstMonth; month + span - 1 <= lastMonth; month += span) {
    if ((month - 1) % span !== 0) continue;
    periods.push(periodContaining(schedule, localDateTime(year, month, 1, '00:00'))!);
  }
  return periods;
}

/** The schedule's periods that make up the window, in order. */
export function periodsOfWindow(schedule: ScheduleDefinition, window: SummaryWindow): PeriodWindow[] {
  if (window.kind === 'once') return periodsInMonths(schedule, window.year, 1, 12);
  return periodsInMonths(schedule, window.year, window.firstMonth, window.lastMonth);
}

/** The periods from January to the window's last month: what the year-to-date figure adds up. */
export function periodsYearToDate(schedule: ScheduleDefinition, window: SummaryWindow): PeriodWindow[] {
  if (window.kind === 'once') return periodsOfWindow(schedule, window);
  return periodsInMonths(schedule, window.year, 1, window.lastMonth);
}

/**
 * The window just before, of the same length: the previous month or quarter, the second
 * half of last year for the first half (and the first half for the second), last year for
 * a year. 9 months and a one-off have none.
 */
export function previousWindow(schedule: ScheduleDefinition, window: SummaryWindow): SummaryWindow | undefined {
  const span = spanOf(schedule);
  if (span === undefined) return undefined;
  const { year, index } = window;
  switch (window.kind) {
    case 'month':
      return anyWindowByKey(index === 1 ? `${year - 1}-12` : `${year}-${pad(index! - 1)}`, span);
    case 'quarter':
      return anyWindowByKey(index === 1 ? `${year - 1}-Q4` : `${year}-Q${index! - 1}`, span);
    case 'half':
      return anyWindowByKey(index === 1 ? `${year - 1}-H2` : `${year}-H1`, span, true);
    case 'year':
      return anyWindowByKey(`${year - 1}`, span);
    default:
      return undefined;
  }
}

/** The same window a year earlier; a one-off has none. */
export function sameWindowLastYear(schedule: ScheduleDefinition, window: SummaryWindow): SummaryWindow | undefined {
  const span = spanOf(schedule);
  if (span === undefined) return undefined;
  return anyWindowByKey(`${window.year - 1}${window.key.slice(4)}`, span, true);
}

/** Window kinds listed for choosing, shortest first within a year. */
const LIST_ORDER: WindowKind[] = ['month', 'quarter', 'half', 'nine_months', 'year'];

/**
 * The windows of a schedule that have begun by `now` in the years `fromYear` to `now`'s year,
 * the latest ending first (for the same end, the longer window first: the year before its
 * last quarter and month). A one-off schedule lists its one window once it has opened.
 */
export function listWindows(schedule: ScheduleDefinition, now: Date, fromYear: number): SummaryWindow[] {
  const span = spanOf(schedule);
  if (span === undefined) {
    const window = onceWindow(schedule);
    return window.startsAt <= now ? [window] : [];
  }
  const windows: SummaryWindow[] = [];
  for (let year = fromYear; year <= local(now).year(); year++) {
    const keys = [
      ...Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`),
      ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`),
      `${year}-H1`,
      `${year}-H2`,
      `${year}-9M`,
      `${year}`,
    ];
    for (const key of keys) {
      const window = anyWindowByKey(key, span);
      if (window && window.startsAt <= now) windows.push(window);
    }
  }
  return windows.sort(
    (a, b) =>
      b.endsAt.getTime() - a.endsAt.getTime() ||
      b.lastMonth - b.firstMonth - (a.lastMonth - a.firstMonth) ||
      LIST_ORDER.indexOf(a.kind) - LIST_ORDER.indexOf(b.kind),
  );
}

/** True once the window is over (its last period may still take late reports). */
export function windowEnded(window: SummaryWindow, now: Date): boolean {
  return window.endsAt.getTime() <= now.getTime();
}
