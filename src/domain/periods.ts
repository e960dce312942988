import { z } from 'zod';
import { local, localDateTime } from './time.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time like 08:00', abort: true });

/** Reminders must never wake anyone: they are allowed only between these hours. */
export const DAYTIME = { from: '07:00', until: '21:00' } as const;

const daytime = hhmm.refine((t) => t >= DAYTIME.from && t < DAYTIME.until, {
  message: `must be between ${DAYTIME.from} and ${DAYTIME.until} (no reminders at night)`,
});

export const reminderSlotSchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]{1,24}$/, 'must be short lowercase latin (a-z, 0-9, - or _)'),
  daysFromDeadline: z.number().int().min(-20).max(5),
  time: daytime,
});

export const scheduleDefinitionObject = z.object({
  frequency: z.literal('monthly'),
  deadline: z.object({
    /** Day of the period's own month; at most 28 so every month has it. */
    day: z.number().int().min(1).max(28),
    time: hhmm,
  }),
  reminders: z.array(reminderSlotSchema).default([]),
});

export function checkSchedule(schedule: z.infer<typeof scheduleDefinitionObject>, ctx: z.RefinementCtx): void {
    const codes = new Set<string>();
    schedule.reminders.forEach((slot, i) => {
      if (codes.has(slot.code)) ctx.addIssue({ code: 'custom', path: ['reminders', i, 'code'], message: `duplicate reminder code "${slot.code}"` });
      codes.add(slot.code);
      const day = schedule.deadline.day + slot.daysFromDeadline;
      if (day < 1) ctx.addIssue({ code: 'custom', path: ['reminders', i, 'daysFromDeadline'], message: 'falls before the period opens' });
      if (day > 28) ctx.addIssue({ code: 'custom', path: ['reminders', i, 'daysFromDeadline'], message: 'falls after the period may end (day 28)' });
    });
}

export const scheduleDefinitionSchema = scheduleDefinitionObject.superRefine(checkSchedule);

export type ScheduleDefinition = z.infer<typeof scheduleDefinitionSchema>;
export type ReminderSlot = z.infer<typeof reminderSlotSchema>;

export interface PeriodWindow {
  /** Stable key within a schedule, e.g. "2026-11". */
  key: string;
  startsAt: Date;
  deadlineAt: Date;
  /** When the next period opens; late reports are still accepted until then. */
  endsAt: Date;
}

export function periodContaining(schedule: ScheduleDefinition, at: Date): PeriodWindow {
  const t = local(at);
  return monthlyPeriod(schedule, t.year(), t.month() + 1);
}

export function periodByKey(schedule: ScheduleDefinition, key: string): PeriodWindow | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return monthlyPeriod(schedule, Number(match[1]), month);
}

function monthlyPeriod(schedule: ScheduleDefinition, year: number, month: number): PeriodWindow {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    key: `${year}-${String(month).padStart(2, '0')}`,
    startsAt: localDateTime(year, month, 1, '00:00'),
    deadlineAt: localDateTime(year, month, schedule.deadline.day, schedule.deadline.time),
    endsAt: localDateTime(next.year, next.month, 1, '00:00'),
  };
}

export interface DueReminder {
  slot: ReminderSlot;
  fireAt: Date;
}

export function reminderTimes(schedule: ScheduleDefinition, period: PeriodWindow): DueReminder[] {
  const deadline = local(period.deadlineAt);
  return schedule.reminders
    .map((slot) => {
      const day = deadline.add(slot.daysFromDeadline, 'day');
      return { slot, fireAt: localDateTime(day.year(), day.month() + 1, day.date(), slot.time) };
    })
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

/**
 * The reminder to send now for a period, if any: the latest slot already due.
 * Earlier slots that were missed (bot down) are superseded, not sent late in a burst.
 */
export function latestDueReminder(schedule: ScheduleDefinition, period: PeriodWindow, now: Date): DueReminder | undefined {
  if (isNightTime(now)) return undefined;
  return reminderTimes(schedule, period)
    .filter((r) => r.fireAt.getTime() <= now.getTime())
    .at(-1);
}

export function isNightTime(at: Date): boolean {
  const hm = local(at).format('HH:mm');
  return hm < DAYTIME.from || hm >= DAYTIME.until;
}

export function isLate(submittedAt: Date, deadlineAt: Date): boolean {
  return submittedAt.getTime() > deadlineAt.getTime();
}
