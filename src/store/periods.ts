import type { Db } from '../db/connect.js';
import type { Period } from '../db/schema.js';
import { periodContaining } from '../domain/periods.js';
import { listActiveSchedules, type ActiveSchedule } from './clusters.js';

/**
 * Periods are rows created on first need, so reports, reminders and the board share one id.
 * The config stays the truth: a changed deadline or template version reaches the period
 * (reports already begun keep the template version they were started with).
 */
export async function ensurePeriod(db: Db, schedule: ActiveSchedule, at: Date): Promise<Period | undefined> {
  const window = periodContaining(schedule.definition, at);
  if (!window) return undefined;
  const summary = window.summaryDeadlineAt ?? null;
  await db
    .insertInto('periods')
    .values({
      cluster_id: schedule.clusterId,
      schedule_id: schedule.id,
      key: window.key,
      template_id: schedule.template.id,
      starts_at: window.startsAt,
      deadline_at: window.deadlineAt,
      ends_at: window.endsAt,
      summary_deadline_at: summary,
    })
    .onConflict((oc) =>
      oc
        .columns(['schedule_id', 'key'])
        .doUpdateSet({
          template_id: schedule.template.id,
          starts_at: window.startsAt,
          deadline_at: window.deadlineAt,
          ends_at: window.endsAt,
          summary_deadline_at: summary,
        })
        .where((eb) =>
          eb.or([
            eb('periods.template_id', '!=', schedule.template.id),
            eb('periods.deadline_at', '!=', window.deadlineAt),
            eb('periods.ends_at', '!=', window.endsAt),
            eb('periods.summary_deadline_at', 'is distinct from', summary),
          ]),
        ),
    )
    .execute();
  return db
    .selectFrom('periods')
    .selectAll()
    .where('schedule_id', '=', schedule.id)
    .where('key', '=', window.key)
    .executeTakeFirstOrThrow();
}

export interface OpenPeriod {
  period: Period;
  schedule: ActiveSchedule;
}

/**
 * For each active schedule, the periods taking reports now: the one containing `now`
 * unless the leader closed it early, and a later one the leader opened early.
 */
export async function openPeriods(db: Db, clusterId: number, now: Date): Promise<OpenPeriod[]> {
  const schedules = await listActiveSchedules(db, clusterId);
  const result: OpenPeriod[] = [];
  for (const schedule of schedules) {
    const current = await ensurePeriod(db, schedule, now);
    if (current && isOpen(current, now)) result.push({ schedule, period: current });
    const early = await db
      .selectFrom('periods')
      .selectAll()
      .where('schedule_id', '=', schedule.id)
      .where('opened_at', '<=', now)
      .where('starts_at', '>', now)
      .orderBy('starts_at')
      .execute();
    for (const period of early) if (isOpen(period, now)) result.push({ schedule, period });
  }
  return result;
}

/** The leader opens the schedule's next period now. Returns it, or undefined if there is none. */
export async function openNextPeriodEarly(
  db: Db,
  schedule: ActiveSchedule,
  current: Period,
  now: Date,
): Promise<Period | undefined> {
  const next = await ensurePeriod(db, schedule, current.ends_at);
  if (!next) return undefined;
  // Only once: a double tap, or a second leader, finds it already open.
  const opened = await db
    .updateTable('periods')
    .set({ opened_at: now })
    .where('id', '=', next.id)
    .where('opened_at', 'is', null)
    .where('starts_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  return opened ? { ...next, opened_at: now } : undefined;
}

export async function closePeriodEarly(db: Db, periodId: number, now: Date): Promise<void> {
  await db
    .updateTable('periods')
    .set({ closed_at: now })
    .where('id', '=', periodId)
    .where('closed_at', 'is', null)
    .execute();
}

export async function findPeriod(db: Db, clusterId: number, periodId: number): Promise<Period | undefined> {
  return db
    .selectFrom('periods')
    .selectAll()
    .where('id', '=', periodId)
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
}

/** Taking reports: between its start (or the leader's early opening) and its end (or early closing). */
export function isOpen(period: Period, now: Date): boolean {
  const opens = period.opened_at && period.opened_at < period.starts_at ? period.opened_at : period.starts_at;
  const closes = period.closed_at && period.closed_at < period.ends_at ? period.closed_at : period.ends_at;
  return opens.getTime() <= now.getTime() && now.getTime() < closes.getTime();
}

/** Every period of the cluster that has begun (or was opened early), newest first: what the leader can browse. */
export async function startedPeriods(db: Db, clusterId: number, now: Date): Promise<Period[]> {
  return db
    .selectFrom('periods')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where((eb) => eb.or([eb('starts_at', '<=', now), eb('opened_at', '<=', now)]))
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * The period a button refers to; undefined if there is no such row. For checks that do not
 * depend on the cluster (is it still open?).
 */
export async function periodOfButton(db: Db, periodId: number): Promise<Period | undefined> {
  return db.selectFrom('periods').selectAll().where('id', '=', periodId).executeTakeFirst();
}

/**
 * The periods of active schedules whose `summary` time falls in (after, upTo]: the ones
 * whose consolidated summary the scheduler owes the leader now, whether or not the period
 * still takes reports (a summary time may come after the period's end). One statement
 * beside the schedules' own.
 */
export async function listPeriodsWithSummaryDue(
  db: Db,
  clusterId: number,
  range: { after: Date; upTo: Date },
): Promise<OpenPeriod[]> {
  const schedules = new Map((await listActiveSchedules(db, clusterId)).map((s) => [s.id, s]));
  if (schedules.size === 0) return [];
  const periods = await db
    .selectFrom('periods')
    .selectAll()
    .where('schedule_id', 'in', [...schedules.keys()])
    .where('summary_deadline_at', '>', range.after)
    .where('summary_deadline_at', '<=', range.upTo)
    .orderBy('summary_deadline_at')
    .execute();
  return periods.map((period) => ({ period, schedule: schedules.get(period.schedule_id)! }));
}
