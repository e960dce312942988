import type { Db } from '../db/connect.js';
import type { Period, Role, Unit } from '../db/schema.js';
import { textMessage } from '../delivery/outbox.js';
import { isLate, reminderSteps } from '../domain/periods.js';
import { allowedUntil, digestTime, dueStep, isAllowedTime, type ReminderPolicy } from '../domain/reminders.js';
import { local, localDateTime } from '../domain/time.js';
import { reportName, vi } from '../i18n/vi.js';
import { currentLeaderUnit, listClusters, listReportingUnits } from '../store/clusters.js';
import { clusterRecipients, leaderRecipients, primaryContact, type Recipient } from '../store/people.js';
import { listUnitTerms } from '../store/overrides.js';
import { listPeriodsWithSummaryDue, openPeriods } from '../store/periods.js';
import { claimReminder, listClaimedPeople, updateReminderOutbox } from '../store/reminders.js';
import { reportsForPeriod } from '../store/reports.js';
import type { InlineKeyboard } from '../domain/buttons.js';
import { reminderKeyboard } from '../services/period-buttons.js';
import { summaryFilesKeyboard } from '../services/summary-buttons.js';
import type { ServiceDeps } from '../services/deps.js';
import { scheduledSummary } from '../services/summary.js';
import { renudgeDueGuidance } from './renudge.js';

/** What a reminder pass needs: the services' own deps (the outbox sends what it queues). */
export type ReminderDeps = ServiceDeps;

/** Reminders are claimed and queued in one transaction; the outbox sends them. */
export interface DispatchSummary {
  claimed: number;
  /** People the automatic guidance re-nudge was queued for. */
  renudged: number;
}

/** Step code of the leader's note and digest, claimed like any reminder. */
const LEADER_NOTE = (step: string) => `${step}:cum-truong`;
const DIGEST = 'tong-hop';
/** Step code of the period's consolidated summary, sent to the leader at the schedule's `summary` time. */
const SUMMARY = 'so-lieu-tong-hop';

/**
 * Sends what is due now: the current step of the reminder ladder to each person of each
 * unit that has not submitted, the leader's note at escalation, the leader's digest
 * after the deadline, and the automatic re-nudge of unacknowledged guidance. Safe to call
 * as often as you like: the database decides what has been sent, one claim per (period,
 * unit, person, step) and one per guidance re-nudge.
 */
export async function dispatchDueReminders(deps: ReminderDeps): Promise<DispatchSummary> {
  const summary = await remindMissingUnits(deps);
  summary.renudged = await renudgeDueGuidance(deps);
  return summary;
}

async function remindMissingUnits(deps: ReminderDeps): Promise<DispatchSummary> {
  const { db, clock } = deps;
  const summary: DispatchSummary = { claimed: 0, renudged: 0 };
  const now = clock.now();
  for (const cluster of await listClusters(db)) {
    const units = await listReportingUnits(db, cluster.id);
    const leaderUnit = await currentLeaderUnit(db, cluster.id);
    const leaders = await leaderRecipients(db, cluster.id);
    for (const { period, schedule } of await openPeriods(db, cluster.id, now)) {
      const window = {
        key: period.key,
        startsAt: period.starts_at,
        deadlineAt: period.deadline_at,
        endsAt: period.ends_at,
      };
      const policy = schedule.definition.policy;
      const name = reportName(schedule.template.definition.title, period.key);
      const reports = await reportsForPeriod(db, period.id);
      const submitted = new Map(
        reports.filter((r) => r.status === 'submitted').map((r) => [r.unit_id, r.submitted_at!]),
      );
      const terms = await listUnitTerms(db, period);
      const deadlineOf = (unitId: number) => terms(unitId).deadlineAt;
      const missing = units.filter((u) => !submitted.has(u.id) && !terms(u.id).excused);
      const send = (claim: Claim, text: string) => sendClaimed(deps, summary, period, claim, text, policy);
      const steps = reminderSteps(schedule.definition);

      // Each unit climbs the ladder against its own deadline (the leader may have extended it).
      for (const unit of missing) {
        const step = dueStep(steps, { ...window, deadlineAt: deadlineOf(unit.id) }, policy, now);
        if (!step) continue;
        const r = {
          clusterId: cluster.id,
          leaderUnitId: leaderUnit?.id,
          period,
          name,
          units: [unit],
          deadlineOf,
          step: step.step.code,
          primaryOnly: step.step.audience === 'primary',
          policy,
        };
        if (!(await remindUnits(deps, summary, r))) return summary;
      }
      const due = dueStep(steps, window, policy, now);
      if (due) {
        const overdue = missing.filter((u) => deadlineOf(u.id) < now);
        if (due.step.notifyLeader && overdue.length) {
          // "Bot đã nhắc" is not true of a unit nobody can receive: those are named apart.
          const unreachable = [];
          for (const u of overdue)
            if (!(await hasReachablePerson(db, cluster.id, u.id, leaderUnit?.id))) unreachable.push(u.name);
          const text = vi.leaderNote(
            name,
            period.deadline_at,
            overdue.map((u) => u.name),
            unreachable,
          );
          for (const leader of leaders)
            if (!(await send({ unit: cluster, person: leader, step: LEADER_NOTE(due.step.code) }, text)))
              return summary;
        }
      }

      if (now >= digestTime(window, policy) && isAllowedTime(now, policy)) {
        const late = units
          .filter((u) => submitted.has(u.id) && isLate(submitted.get(u.id)!, deadlineOf(u.id)))
          .map((u) => u.name);
        const counted = units.filter((u) => submitted.has(u.id) || !terms(u.id).excused).length;
        // Units with a later deadline of their own are not late yet: listed apart.
        const extended = missing
          .filter((u) => deadlineOf(u.id) > now)
          .map((u) => ({ unit: u.name, until: deadlineOf(u.id) }));
        const overdue = missing.filter((u) => deadlineOf(u.id) <= now).map((u) => u.name);
        const text = vi.digest(name, period.deadline_at, overdue, late, counted, extended);
        for (const leader of leaders)
          if (!(await send({ unit: cluster, person: leader, step: DIGEST }, text))) return summary;
      }
    }
    if (!(await sendDueSummaries(deps, summary, cluster, leaders))) return summary;
  }
  return summary;
}

/** A summary still unsent this long after its time (the bot was down) is stale news: not sent. */
const SUMMARY_GIVE_UP_MS = 7 * 24 * 3600_000;

/**
 * The consolidated summary (📈) of each period whose schedule's `summary` time has come in the
 * last seven days, sent by itself once to each leader with the buttons for its files: also
 * after the period's end, when a summary time falls there. Claims are read first, so the
 * summary is computed only while a leader still waits for it. Returns false when quiet hours
 * began meanwhile.
 */
async function sendDueSummaries(
  deps: ReminderDeps,
  summary: DispatchSummary,
  cluster: { id: number },
  leaders: Recipient[],
): Promise<boolean> {
  const now = deps.clock.now();
  const due = await listPeriodsWithSummaryDue(deps.db, cluster.id, {
    after: new Date(now.getTime() - SUMMARY_GIVE_UP_MS),
    upTo: now,
  });
  for (const { period, schedule } of due) {
    const policy = schedule.definition.policy;
    if (!isAllowedTime(now, policy)) continue;
    const sent = await listClaimedPeople(deps.db, { periodId: period.id, unitId: cluster.id, step: SUMMARY });
    const waiting = leaders.filter((leader) => !sent.has(leader.personId));
    if (waiting.length === 0) continue;
    const result = await scheduledSummary(deps, {
      clusterId: cluster.id,
      scheduleCode: schedule.code,
      periodKey: period.key,
    });
    if (!result) continue;
    const text = vi.summary.scheduled(vi.summary.message(result, result.correspondence));
    const keyboard = summaryFilesKeyboard(schedule.code, period.key);
    for (const leader of waiting)
      if (
        !(await sendClaimed(
          deps,
          summary,
          period,
          { unit: cluster, person: leader, step: SUMMARY },
          text,
          policy,
          keyboard,
        ))
      )
        return false;
  }
  return true;
}

interface RemindUnits {
  clusterId: number;
  leaderUnitId: number | undefined;
  period: Period;
  name: string;
  units: Unit[];
  deadlineOf: (unitId: number) => Date;
  step: string;
  primaryOnly: boolean;
  policy: ReminderPolicy;
  /** Leave out people Telegram said cannot be reached (the leader's "Nhắc ngay" counts only those reached). */
  reachableOnly?: boolean;
}

/** One step's reminder to the people of each unit; false when quiet hours began meanwhile. */
async function remindUnits(deps: ReminderDeps, summary: DispatchSummary, r: RemindUnits): Promise<boolean> {
  const { db, clock } = deps;
  for (const unit of r.units) {
    // Those who can file the report: contacts, and the leader's people for the leader's own unit.
    const roles: Role[] = unit.id === r.leaderUnitId ? ['contact', 'leader'] : ['contact'];
    const people = (await clusterRecipients(db, r.clusterId, { unitIds: [unit.id], roles })).filter(
      (p) => !r.reachableOnly || p.reachable !== false,
    );
    const primary = r.primaryOnly ? await primaryContact(db, unit.id) : undefined;
    const audience = primary === undefined ? people : people.filter((p) => p.personId === primary);
    for (const person of audience) {
      const text = vi.reminder({
        person: person.fullName,
        unit: unit.name,
        name: r.name,
        deadline: r.deadlineOf(unit.id),
        now: clock.now(),
      });
      if (
        !(await sendClaimed(
          deps,
          summary,
          r.period,
          { unit, person, step: r.step },
          text,
          r.policy,
          reminderKeyboard(r.period.id),
        ))
      )
        return false;
    }
  }
  return true;
}

/**
 * `unreachable`: units still missing the report that nobody can receive (nobody registered,
 * or everyone unreachable): not counted as reminded, named for the leader instead.
 */
export type NudgeResult =
  | { kind: 'sent'; units: number; people: number; unreachable: string[] }
  | { kind: 'nobody'; unreachable: string[] }
  | { kind: 'quiet' }
  | { kind: 'already'; nextAt: Date; unreachable: string[] }
  | { kind: 'nothing' };

/**
 * The leader's "Nhắc ngay": remind every unit still missing the period's report, now.
 * At most once an hour: the step is named after the hour, so its claims stop a repeat.
 */
export async function nudgeMissingUnits(deps: ReminderDeps, clusterId: number, periodId: number): Promise<NudgeResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const open = (await openPeriods(db, clusterId, now)).find(({ period }) => period.id === periodId);
  if (!open) return { kind: 'nothing' };
  const { period, schedule } = open;
  const policy = schedule.definition.policy;
  if (!isAllowedTime(now, policy)) return { kind: 'quiet' };
  const submitted = new Set(
    (await reportsForPeriod(db, period.id)).filter((r) => r.status === 'submitted').map((r) => r.unit_id),
  );
  const terms = await listUnitTerms(db, period);
  const missing = (await listReportingUnits(db, clusterId)).filter((u) => !submitted.has(u.id) && !terms(u.id).excused);
  if (missing.length === 0) return { kind: 'nothing' };
  const hour = local(now);
  const summary: DispatchSummary = { claimed: 0, renudged: 0 };
  const name = reportName(schedule.template.definition.title, period.key);
  const leaderUnit = await currentLeaderUnit(db, clusterId);
  // Only a unit with someone the bot can reach counts as reminded; the others are named.
  const reachable = new Set<number>();
  for (const unit of missing)
    if (await hasReachablePerson(db, clusterId, unit.id, leaderUnit?.id)) reachable.add(unit.id);
  const unreachable = missing.filter((u) => !reachable.has(u.id)).map((u) => u.name);
  const units = missing.filter((u) => reachable.has(u.id));
  if (units.length === 0) return { kind: 'nobody', unreachable };
  await remindUnits(deps, summary, {
    clusterId,
    leaderUnitId: leaderUnit?.id,
    period,
    name,
    units,
    deadlineOf: (id) => terms(id).deadlineAt,
    step: `nhac-ngay-${hour.format('YYYYMMDDHH')}`,
    primaryOnly: false,
    policy,
    reachableOnly: true,
  });
  if (summary.claimed === 0) {
    const thisHour = localDateTime(hour.year(), hour.month() + 1, hour.date(), `${hour.format('HH')}:00`);
    return { kind: 'already', nextAt: new Date(thisHour.getTime() + 3_600_000), unreachable };
  }
  return { kind: 'sent', units: units.length, people: summary.claimed, unreachable };
}

/** Whether someone who may file the unit's report is registered and not known to be unreachable. */
async function hasReachablePerson(
  db: Db,
  clusterId: number,
  unitId: number,
  leaderUnitId: number | undefined,
): Promise<boolean> {
  const roles: Role[] = unitId === leaderUnitId ? ['contact', 'leader'] : ['contact'];
  return (await clusterRecipients(db, clusterId, { unitIds: [unitId], roles })).some((p) => p.reachable !== false);
}

interface Claim {
  unit: Pick<Unit, 'id'>;
  person: Recipient;
  step: string;
}

/**
 * Claims the reminder and queues it in one transaction, so it is queued exactly once.
 * Returns false when quiet hours began meanwhile: the pass stops there.
 */
async function sendClaimed(
  deps: ReminderDeps,
  summary: DispatchSummary,
  period: Period,
  claim: Claim,
  text: string,
  policy: ReminderPolicy,
  keyboard?: InlineKeyboard,
): Promise<boolean> {
  const { clock, log } = deps;
  const now = clock.now();
  if (!isAllowedTime(now, policy)) return false;
  const { person } = claim;
  const queued = await deps.outbox.withQueue(async (trx, queue) => {
    const claimId = await claimReminder(trx, {
      periodId: period.id,
      unitId: claim.unit.id,
      personId: person.personId,
      step: claim.step,
      now,
    });
    if (claimId === undefined) return false;
    // Held up in the queue (Telegram down) past the evening, it is dropped rather than sent at night.
    const message = textMessage(
      { chatId: person.chatId, personId: person.personId, clusterId: period.cluster_id },
      text,
      keyboard ?? {},
      { dedupeKey: `reminder:${claimId}`, expiresAt: allowedUntil(now, policy) },
    );
    const [outboxId] = await queue([message]);
    await updateReminderOutbox(trx, claimId, outboxId!);
    return true;
  });
  if (!queued) return true;
  summary.claimed++;
  log.info('reminder queued', {
    periodKey: period.key,
    unitId: claim.unit.id,
    personId: person.personId,
    step: claim.step,
  });
  return true;
}
