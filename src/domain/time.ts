import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);

/** Every local time in the product is Vietnam time, whatever the server's zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

// dayjs's timezone plugin (and utcOffset) go through the server's zone and are off by an
// hour inside that zone's DST gap; an offset taken from Intl has no such dependency.
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });

function offsetMinutes(at: Date): number {
  const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * Vietnam wall-clock time of an instant, for reading fields and formatting: a UTC-mode
 * dayjs shifted by the offset, so no getter ever consults the server's zone. Not an
 * instant itself: turn wall-clock values back into one with `localDateTime`.
 */
export function local(at: Date): Dayjs {
  return dayjs.utc(at.getTime() + offsetMinutes(at) * 60_000);
}

/** A wall-clock time in Vietnam as an instant. */
export function localDateTime(year: number, month1: number, day: number, hhmm: string): Date {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month1 - 1, day, hours, minutes);
  // Two passes settle the offset even for a zone whose offset changes near that time.
  const first = wall - offsetMinutes(new Date(wall)) * 60_000;
  return new Date(wall - offsetMinutes(new Date(first)) * 60_000);
}
