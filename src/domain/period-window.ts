/**
 * One period of a schedule, as dates. Its own module so that the schedules (periods.ts) and
 * the reminder ladder (reminders.ts) can both use it without importing each other.
 */
export interface PeriodWindow {
  /** Stable key within a schedule: "2026-11", "2026-Q4", "2026-H1", "2026" or "once". */
  key: string;
  startsAt: Date;
  deadlineAt: Date;
  /** When the next period opens; late reports are still accepted until then. */
  endsAt: Date;
  /** When the leader's consolidated summary is due, if the schedule says. */
  summaryDeadlineAt?: Date;
}
