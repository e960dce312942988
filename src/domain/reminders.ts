import { z } from 'zod';
import type { PeriodWindow } from './period-window.js';
import { local, localDateTime } from './time.js';

/**
 * The reminder ladder: steps relative to a period's deadline, moved out of quiet hours,
 * weekends (optional) and holidays. Pure: the dispatcher asks what is due at an instant.
 */
export const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time like 08:00', abort: true });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-01');

export const reminderStepSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9_-]{1,24}$/, 'must be short lowercase latin (a-z, 0-9, - or _)'),
    /** Days before (negative) or after the deadline; or `atOpening` for the period's first day. */
    daysFromDeadline: z.number().int().min(-90).max(10).optional(),
    atOpening: z.boolean().optional(),
    time: hhmm.default('08:00'),
    /** `primary`: only the unit's primary contact (everyone, if it has none); `all`: every contact. */
    audience: z.enum(['primary', 'all']).default('all'),
    /** Also tell the cluster leader which units are still missing at this step. */
    notifyLeader: z.boolean().default(false),
  })
  .refine((s) => (s.daysFromDeadline === undefined) !== (s.atOpening === undefined), {
    message: 'give either daysFromDeadline or atOpening: true',
  });

export const reminderPolicySchema = z.object({
  /** No message between these hours; a step that falls inside waits for `until`. */
  quietHours: z.object({ from: hhmm, until: hhmm }).default({ from: '21:00', until: '07:00' }),
  skipWeekends: z.boolean().default(false),
  /** Dates (e.g. Tết) on which no reminder is sent; steps move to the next working day. */
  holidays: z.array(isoDate).default([]),
});

export type ReminderStep = z.infer<typeof reminderStepSchema>;
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;

/** Used when a schedule names no reminders: early steps to the primary contact, then everyone. */
export const DEFAULT_LADDER: ReminderStep[] = [
  { code: 'mo-ky', atOpening: true, time: '08:00', audience: 'primary', notifyLeader: false },
  { code: 'truoc-3-ngay', daysFromDeadline: -3, time: '08:00', audience: 'primary', notifyLeader: false },
  { code: 'truoc-1-ngay', daysFromDeadline: -1, time: '08:00', audience: 'primary', notifyLeader: false },
  { code: 'ngay-han', daysFromDeadline: 0, time: '07:30', audience: 'all', notifyLeader: false },
  { code: 'qua-han-1', daysFromDeadline: 1, time: '08:00', audience: 'all', notifyLeader: false },
  { code: 'qua-han-2', daysFromDeadline: 2, time: '08:00', audience: 'all', notifyLeader: true },
];

export const DEFAULT_POLICY: ReminderPolicy = reminderPolicySchema.parse({});

/** Whether a message may be sent at this instant. */
export function isAllowedTime(at: Date, policy: ReminderPolicy): boolean {
  const t = local(at);
  const hm = t.format('HH:mm');
  const { from, until } = policy.quietHours;
  const quiet = from > until ? hm >= from || hm < until : hm >= from && hm < until;
  return !quiet && isWorkingDay(t.format('YYYY-MM-DD'), t.day(), policy);
}

function isWorkingDay(date: string, weekday: number, policy: ReminderPolicy): boolean {
  if (policy.skipWeekends && (weekday === 0 || weekday === 6)) return false;
  return !policy.holidays.includes(date);
}

/** The first allowed instant at or after `at`. */
export function nextAllowedTime(at: Date, policy: ReminderPolicy): Date {
  let candidate = at;
  for (let i = 0; i < 400 && !isAllowedTime(candidate, policy); i++) {
    const t = local(candidate);
    const hm = t.format('HH:mm');
    const { until } = policy.quietHours;
    // Inside quiet hours before `until`: wait for `until` today; otherwise the next day's `until`.
    const day = hm < until && isWorkingDay(t.format('YYYY-MM-DD'), t.day(), policy) ? t : t.add(1, 'day');
    candidate = localDateTime(day.year(), day.month() + 1, day.date(), until);
  }
  return candidate;
}

/** When the allowed stretch containing `at` ends: a reminder queued now must not go out after it. */
export function allowedUntil(at: Date, policy: ReminderPolicy): Date {
  const t = local(at);
  const { from } = policy.quietHours;
  const quietDay = t.format('HH:mm') < from ? t : t.add(1, 'day');
  const quietStarts = localDateTime(quietDay.year(), quietDay.month() + 1, quietDay.date(), from);
  const tomorrow = t.add(1, 'day');
  if (isWorkingDay(tomorrow.format('YYYY-MM-DD'), tomorrow.day(), policy)) return quietStarts;
  const midnight = localDateTime(tomorrow.year(), tomorrow.month() + 1, tomorrow.date(), '00:00');
  return quietStarts < midnight ? quietStarts : midnight;
}

export interface ScheduledStep {
  step: ReminderStep;
  at: Date;
}

/** Every step of the ladder for a period, at the time it may actually be sent, in order. */
export function ladderFor(steps: ReminderStep[], period: PeriodWindow, policy: ReminderPolicy): ScheduledStep[] {
  const deadline = local(period.deadlineAt);
  const opening = local(period.startsAt);
  return (
    steps
      .map((step) => {
        const day = step.atOpening ? opening : deadline.add(step.daysFromDeadline ?? 0, 'day');
        return { step, at: nextAllowedTime(localDateTime(day.year(), day.month() + 1, day.date(), step.time), policy) };
      })
      // A step before the period opens or once it has ended has nothing to remind of.
      .filter(({ at }) => at >= period.startsAt && at < period.endsAt)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
  );
}

/**
 * The step to send now: the latest one already due. Steps missed while the bot was down
 * are superseded by the latest, not sent late in a burst; nothing is due in quiet hours.
 */
export function dueStep(
  steps: ReminderStep[],
  period: PeriodWindow,
  policy: ReminderPolicy,
  now: Date,
): ScheduledStep | undefined {
  if (!isAllowedTime(now, policy)) return undefined;
  return ladderFor(steps, period, policy)
    .filter(({ at }) => at.getTime() <= now.getTime())
    .at(-1);
}

/** When the leader's digest of missing and late units goes out: the deadline, or the next allowed time. */
export function digestTime(period: PeriodWindow, policy: ReminderPolicy): Date {
  return nextAllowedTime(period.deadlineAt, policy);
}
