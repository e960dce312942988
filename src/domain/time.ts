import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every local time in the product is Vietnam time, whatever the server's zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function local(at: Date): Dayjs {
  return dayjs(at).tz(TIME_ZONE);
}

/** A wall-clock time in Vietnam as an instant. */
export function localDateTime(year: number, month1: number, day: number, hhmm: string): Date {
  const text = `${year}-${pad(month1)}-${pad(day)} ${hhmm}`;
  return dayjs.tz(text, 'YYYY-MM-DD HH:mm', TIME_ZONE).toDate();
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export { dayjs };
