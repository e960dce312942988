import { local } from './time.js';

/** dd/mm/yyyy in Vietnam time. */
export function formatDate(at: Date): string {
  return local(at).format('DD/MM/YYYY');
}

/** "17:00 ngày 25/11/2026" in Vietnam time. */
export function formatDateTime(at: Date): string {
  return local(at).format('HH:mm [ngày] DD/MM/YYYY');
}

/**
 * "6/12/2026", "06-12-2026", "6.12.26" or "6/12" (this year, in Vietnam) → "2026-12-06".
 * Day first, always; an impossible date (31/2) is refused.
 */
export function parseVietnameseDate(input: string, today: Date): string | undefined {
  const match = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/.exec(input.trim());
  if (!match) return undefined;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = match[3] === undefined ? local(today).year() : match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2026-12-06" → "06/12/2026". */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}
