import { normalizeDigits } from './text.js';
import { local } from './time.js';

/** dd/mm/yyyy in Vietnam time. */
export function formatDate(at: Date): string {
  return local(at).format('DD/MM/YYYY');
}

/** "17:00 ngày 25/11/2026" in Vietnam time. */
export function formatDateTime(at: Date): string {
  return local(at).format('HH:mm [ngày] DD/MM/YYYY');
}

/** The days a report covers, as instants: [startsAt, endsAt). */
export interface DateWindow {
  startsAt: Date;
  endsAt: Date;
}

export interface ReadDate {
  /** "YYYY-MM-DD". */
  iso: string;
  /** The person typed no year; it was chosen by the rule of `readVietnameseDate`. */
  yearGuessed: boolean;
  /** After today and after the period being reported: never stored without asking. */
  future: boolean;
}

/**
 * "6/12/2026", "06-12-2026", "6.12.26", "ngày 6/12", "6 tháng 12 năm 2026" or "6/12" → the
 * date, day first always; an impossible date (31/2) is refused (undefined). Unicode digits
 * count ("６/１２").
 *
 * A date without a year is the one nearest to the time being reported on: the window from
 * the period's first day to today, or to the period's last day if that is later (a report
 * filled early may name a day still to come within its period); without a period, today.
 * Of the same day and month last year, this year and next year (in Vietnam), the one
 * closest to that window wins, the earlier on a tie. So "28/12" typed on 2/1/2027 for
 * December 2026 is 28/12/2026, not 28/12/2027. A date after that window (typed with a year
 * or not) is marked `future`: the form asks before storing it.
 */
export function readVietnameseDate(input: string, today: Date, period?: DateWindow): ReadDate | undefined {
  const text = normalizeDigits(input)
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/^(vào\s+)?(ngày|ngay)\s*/, '')
    .trim();
  const match =
    /^(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?$/.exec(text) ??
    /^(\d{1,2})\s+(?:tháng|thang)\s+(\d{1,2})(?:\s*(?:(?:năm|nam)\s+|[/.-]\s*)(\d{4}))?$/.exec(text);
  if (!match) return undefined;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const { from, to } = reportedDays(today, period);
  let iso: string | undefined;
  if (match[3] !== undefined) {
    iso = isoOf(match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]), month, day);
  } else {
    const year = local(today).year();
    const distance = (candidate: string) =>
      candidate < from ? daysBetween(candidate, from) : candidate > to ? daysBetween(to, candidate) : 0;
    const candidates = [year - 1, year, year + 1]
      .map((y) => isoOf(y, month, day))
      .filter((c): c is string => c !== undefined);
    // 29/2 exists only in some years: the nearest year that has it.
    for (const candidate of candidates) if (iso === undefined || distance(candidate) < distance(iso)) iso = candidate;
    if (iso === undefined && month === 2 && day === 29)
      iso = [year - 2, year - 3, year - 4].map((y) => isoOf(y, month, day)).find((c) => c !== undefined);
  }
  if (iso === undefined) return undefined;
  return { iso, yearGuessed: match[3] === undefined, future: iso > to };
}

/** The ISO date of `readVietnameseDate`, or undefined. */
export function parseVietnameseDate(input: string, today: Date, period?: DateWindow): string | undefined {
  return readVietnameseDate(input, today, period)?.iso;
}

/**
 * The days a date answer is expected in, as "YYYY-MM-DD" (Vietnam): from the period's first
 * day (or today) to today, or to the period's last day if that is later.
 */
export function reportedDays(today: Date, period?: DateWindow): { from: string; to: string } {
  const todayIso = local(today).format('YYYY-MM-DD');
  const from = period ? local(period.startsAt).format('YYYY-MM-DD') : todayIso;
  const periodLast = period ? local(new Date(period.endsAt.getTime() - 1)).format('YYYY-MM-DD') : todayIso;
  return { from: from < todayIso ? from : todayIso, to: periodLast > todayIso ? periodLast : todayIso };
}

function isoOf(year: number, month: number, day: number): string | undefined {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysBetween(earlier: string, later: string): number {
  return (Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000;
}

/** "2026-12-06" → "06/12/2026". */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}
