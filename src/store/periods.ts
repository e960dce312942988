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
        .doUpdateSet({ template_id: schedule.template.id, starts_at: window.startsAt, deadline_at: window.deadlineAt, ends_at: window.endsAt, summary_deadline_at: summary })
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
  return db.selectFrom('periods').selectAll().where('schedule_id', '=', schedule.id).where('key', '=', window.key).executeTakeFirstOrThrow();
}

export interface OpenPeriod {
  period: Period;
  schedule: ActiveSchedule;
}

/** The period of each active schedule that contains `now`. */
export async function openPeriods(db: Db, clusterId: number, now: Date): Promise<OpenPeriod[]> {
  const schedules = await listActiveSchedules(db, clusterId);
  const result: OpenPeriod[] = [];
  for (const schedule of schedules) {
    const period = await ensurePeriod(db, schedule, now);
    if (period) result.push({ schedule, period });
  }
  return result;
}

export async function findPeriod(db: Db, clusterId: number, periodId: number): Promise<Period | undefined> {
  return db.selectFrom('periods').selectAll().where('id', '=', periodId).where('cluster_id', '=', clusterId).executeTakeFirst();
}

export function isOpen(period: Period, now: Date): boolean {
  return period.starts_at.getTime() <= now.getTime() && now.getTime() < period.ends_at.getTime();
}
