import { z } from 'zod';
import { DEFAULT_LADDER, hhmm, reminderPolicySchema, reminderStepSchema, type ReminderStep } from './reminders.js';
import type { PeriodWindow } from './period-window.js';
import { local, localDateTime } from './time.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-01');

/** Recurring periods, by how many months each one spans. */
export const RECURRING = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 } as const;
export type Recurring = keyof typeof RECURRING;

/** When the cluster leader's consolidated summary is due, after the units' deadline. */
const summarySchema = z.object({ daysAfterDeadline: z.number().int().min(0).max(60), time: hhmm }).optional();

const recurringSchedule = z.object({
  frequency: z.enum(Object.keys(RECURRING) as [Recurring, ...Recurring[]]),
  deadline: z.object({
    /** Day of the period's last month (the month itself for monthly); at most 28 so every month has it. */
    day: z.number().int().min(1).max(28),
    time: hhmm,
  }),
  summary: summarySchema,
  ...reminderFields(),
});

/** A one-off report ("báo cáo đột xuất"): open from `opens`, due at `deadline`, late until `closes`. */
const onceSchedule = z.object({
  frequency: z.literal('once'),
  opens: isoDate,
  deadline: z.object({ date: isoDate, time: hhmm }),
  closes: isoDate.optional(),
  summary: summarySchema,
  ...reminderFields(),
});

function reminderFields() {
  return {
    /** The reminder ladder; left out, the default ladder applies; `[]` sends no reminders. */
    reminders: z.array(reminderStepSchema).optional(),
    policy: reminderPolicySchema.prefault({}),
  };
}

/** The steps a schedule reminds with. */
export function reminderSteps(schedule: ScheduleDefinition): ReminderStep[] {
  return schedule.reminders ?? DEFAULT_LADDER;
}

export const scheduleDefinitionObject = z.discriminatedUnion('frequency', [recurringSchedule, onceSchedule]);

export function checkSchedule(schedule: z.infer<typeof scheduleDefinitionObject>, ctx: z.RefinementCtx): void {
  const codes = new Set<string>();
  (schedule.reminders ?? []).forEach((slot, i) => {
    if (codes.has(slot.code))
      ctx.addIssue({
        code: 'custom',
        path: ['reminders', i, 'code'],
        message: `duplicate reminder code "${slot.code}"`,
      });
    codes.add(slot.code);
    if (schedule.frequency === 'once' || slot.daysFromDeadline === undefined) return;
    const day = schedule.deadline.day + slot.daysFromDeadline;
    if (schedule.frequency === 'monthly' && day < 1)
      ctx.addIssue({
        code: 'custom',
        path: ['reminders', i, 'daysFromDeadline'],
        message: 'falls before the period opens',
      });
    if (day > 28)
      ctx.addIssue({
        code: 'custom',
        path: ['reminders', i, 'daysFromDeadline'],
        message: 'falls after the period may end (day 28)',
      });
  });
  if (schedule.frequency === 'once') {
    if (schedule.deadline.date < schedule.opens)
      ctx.addIssue({ code: 'custom', path: ['deadline', 'date'], message: 'is before `opens`' });
    if (schedule.closes !== undefined && schedule.closes <= schedule.deadline.date)
      ctx.addIssue({ code: 'custom', path: ['closes'], message: 'must be after the deadline date' });
  }
}

export const scheduleDefinitionSchema = scheduleDefinitionObject.superRefine(checkSchedule);

export type ScheduleDefinition = z.infer<typeof scheduleDefinitionSchema>;

export type { PeriodWindow } from './period-window.js';

/** The period of the schedule that `at` falls in; a one-off schedule has none outside its dates. */
export function periodContaining(schedule: ScheduleDefinition, at: Date): PeriodWindow | undefined {
  if (schedule.frequency === 'once') {
    const window = oncePeriod(schedule);
    return at >= window.startsAt && at < window.endsAt ? window : undefined;
  }
  const t = local(at);
  const span = RECURRING[schedule.frequency];
  const firstMonth = Math.floor(t.month() / span) * span + 1;
  return recurringPeriod(schedule, t.year(), firstMonth);
}

export function periodByKey(schedule: ScheduleDefinition, key: string): PeriodWindow | undefined {
  if (schedule.frequency === 'once') return key === 'once' ? oncePeriod(schedule) : undefined;
  const span = RECURRING[schedule.frequency];
  const match = /^(\d{4})(?:-(\d{2}|Q[1-4]|H[12]))?$/.exec(key);
  if (!match) return undefined;
  const part = match[2];
  const month =
    part === undefined
      ? 1
      : part.startsWith('Q')
        ? (Number(part[1]) - 1) * 3 + 1
        : part.startsWith('H')
          ? (Number(part[1]) - 1) * 6 + 1
          : Number(part);
  const window = month >= 1 && month <= 12 ? recurringPeriod(schedule, Number(match[1]), month) : undefined;
  return window?.key === key && span === spanOfKey(key) ? window : undefined;
}

function spanOfKey(key: string): number {
  if (/-Q\d$/.test(key)) return 3;
  if (/-H\d$/.test(key)) return 6;
  if (/^\d{4}$/.test(key)) return 12;
  return 1;
}

function recurringPeriod(
  schedule: Extract<ScheduleDefinition, { frequency: Recurring }>,
  year: number,
  firstMonth: number,
): PeriodWindow {
  const span = RECURRING[schedule.frequency];
  const lastMonth = firstMonth + span - 1;
  const next = lastMonth === 12 ? { year: year + 1, month: 1 } : { year, month: lastMonth + 1 };
  const index = (firstMonth - 1) / span + 1;
  const key =
    span === 1
      ? `${year}-${String(firstMonth).padStart(2, '0')}`
      : span === 3
        ? `${year}-Q${index}`
        : span === 6
          ? `${year}-H${index}`
          : `${year}`;
  const deadlineAt = localDateTime(year, lastMonth, schedule.deadline.day, schedule.deadline.time);
  return {
    key,
    startsAt: localDateTime(year, firstMonth, 1, '00:00'),
    deadlineAt,
    endsAt: localDateTime(next.year, next.month, 1, '00:00'),
    ...summaryDeadline(schedule, deadlineAt),
  };
}

/** A one-off period closes at `closes`, or a week after its deadline. */
function oncePeriod(schedule: Extract<ScheduleDefinition, { frequency: 'once' }>): PeriodWindow {
  const [y, m, d] = schedule.opens.split('-').map(Number) as [number, number, number];
  const [dy, dm, dd] = schedule.deadline.date.split('-').map(Number) as [number, number, number];
  const deadlineAt = localDateTime(dy, dm, dd, schedule.deadline.time);
  let endsAt: Date;
  if (schedule.closes) {
    const [cy, cm, cd] = schedule.closes.split('-').map(Number) as [number, number, number];
    endsAt = localDateTime(cy, cm, cd, '00:00');
  } else {
    const week = local(deadlineAt).add(8, 'day');
    endsAt = localDateTime(week.year(), week.month() + 1, week.date(), '00:00');
  }
  return {
    key: 'once',
    startsAt: localDateTime(y, m, d, '00:00'),
    deadlineAt,
    endsAt,
    ...summaryDeadline(schedule, deadlineAt),
  };
}

function summaryDeadline(schedule: ScheduleDefinition, deadlineAt: Date): { summaryDeadlineAt?: Date } {
  if (!schedule.summary) return {};
  const day = local(deadlineAt).add(schedule.summary.daysAfterDeadline, 'day');
  return { summaryDeadlineAt: localDateTime(day.year(), day.month() + 1, day.date(), schedule.summary.time) };
}

export function isLate(submittedAt: Date, deadlineAt: Date): boolean {
  return submittedAt.getTime() > deadlineAt.getTime();
}
