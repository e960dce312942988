/**
 * The period's terms: the leader extends the deadline of units that still owe the report, or
 * excuses one; a unit's contact asks for more time and the leader decides; the leader closes
 * a period early or opens the next one now. Each unit concerned is told, in the same
 * transaction as the change. Rules: docs of issue "leader" (ask for more time, extend,
 * excuse, close early, open the next period early).
 */
import type { Period, Unit } from '../db/schema.js';
import { textToPeople } from '../delivery/outbox.js';
import { keyboardRows } from '../domain/buttons.js';
import { periodContaining } from '../domain/periods.js';
import { local, localDateTime } from '../domain/time.js';
import { reportName, vi } from '../i18n/vi.js';
import { auditByPerson } from '../store/audit.js';
import { listReportingUnits, loadTemplate } from '../store/clusters.js';
import {
  createExtensionRequest,
  findExtensionRequest,
  listUndecidedExtensionRequests,
  listUnitTerms,
  updateExtensionDecision,
  updateUnitTerms,
  type ExtensionDecision,
} from '../store/overrides.js';
import { clusterRecipients, leaderRecipients } from '../store/people.js';
import {
  closePeriodEarly,
  findPeriod,
  isOpen,
  openNextPeriodEarly,
  openPeriods,
  type OpenPeriod,
} from '../store/periods.js';
import { reportsForPeriod } from '../store/reports.js';
import type { Db } from '../db/connect.js';
import type { Actor, UnitRef } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, NotEntitled, PeriodClosed, Stale } from './errors.js';
import { extensionRequestNotice, reportStartButton } from './period-buttons.js';
import { ledCluster } from './people.js';

/** A unit id of 0 on the leader's buttons: every unit that still owes the report. */
export const ALL_UNITS = 0;
/** The leader's adjustments: extend by 3 or 7 days, or excuse. */
export const ADJUST_ACTIONS = ['e3', 'e7', 'ex'] as const;
export type AdjustAction = (typeof ADJUST_ACTIONS)[number];
const EXTENSION_DAYS = { e3: 3, e7: 7 } as const;
/** A reason is kept to this many characters (it goes into every unit's notice). */
const MAX_REASON = 500;

/**
 * An open period of the cluster the actor leads. Throws NotEntitled for anyone but the
 * leader, PeriodClosed for a period ended (closed early or past its end) or of another cluster.
 */
export async function leaderOpenPeriod(
  deps: ServiceDeps,
  actor: Actor,
  periodId: number,
): Promise<OpenPeriod & { clusterId: number }> {
  const { clusterId } = ledCluster(actor);
  const now = deps.clock.now();
  const period = await findPeriod(deps.db, clusterId, periodId);
  const open =
    period && isOpen(period, now)
      ? (await openPeriods(deps.db, clusterId, now)).find((o) => o.period.id === periodId)
      : undefined;
  if (!open) throw new PeriodClosed();
  return { ...open, clusterId };
}

/** The cluster's reporting units that have not submitted the period's report (excused ones included). */
async function owingUnits(db: Db, clusterId: number, periodId: number): Promise<Unit[]> {
  const submitted = new Set(
    (await reportsForPeriod(db, periodId)).filter((r) => r.status === 'submitted').map((r) => r.unit_id),
  );
  return (await listReportingUnits(db, clusterId)).filter((u) => !submitted.has(u.id));
}

/** The units the leader may extend or excuse for an open period. Throws as leaderOpenPeriod. */
export async function unitsToAdjust(deps: ServiceDeps, actor: Actor, periodId: number): Promise<Unit[]> {
  const { clusterId } = await leaderOpenPeriod(deps, actor, periodId);
  return owingUnits(deps.db, clusterId, periodId);
}

export type AdjustResult =
  | { action: 'ex'; units: string[] }
  | { action: 'e3' | 'e7'; extended: { unit: string; until: Date; capped: boolean }[] };

/**
 * Extends (3 or 7 days) or excuses one unit, or every unit still owing (`unitId` ALL_UNITS),
 * with the leader's reason, which each unit's people are told with their new terms. Recorded
 * and audited (store/overrides.ts). Throws as leaderOpenPeriod; Stale('other_cluster') when the
 * prompt was opened for another cluster; Stale('nothing_owed') when no unit chosen still owes it.
 */
export async function adjustUnits(
  deps: ServiceDeps,
  actor: Actor,
  input: { clusterId: number; periodId: number; unitId: number; action: AdjustAction; reason: string },
): Promise<AdjustResult> {
  const { period, schedule, clusterId } = await leaderOpenPeriod(deps, actor, input.periodId);
  if (clusterId !== input.clusterId) throw new Stale('other_cluster');
  const owing = await owingUnits(deps.db, clusterId, period.id);
  const units = input.unitId === ALL_UNITS ? owing : owing.filter((u) => u.id === input.unitId);
  if (units.length === 0) throw new Stale('nothing_owed');
  const terms = await listUnitTerms(deps.db, period);
  const name = reportName(schedule.template.definition.title, period.key);
  const reason = input.reason.trim().slice(0, MAX_REASON);
  const now = deps.clock.now();
  const me = actor.person.id;
  const action = input.action;

  // Each unit's new terms and the word to its people are written together.
  const extended = await deps.outbox.withQueue(async (trx, queue) => {
    const result: { unit: string; until: Date; capped: boolean }[] = [];
    for (const u of units) {
      const extension =
        action === 'ex' ? undefined : extendedDeadline(terms(u.id).deadlineAt, now, EXTENSION_DAYS[action], period);
      const change = extension ? { deadlineAt: extension.deadlineAt } : { excused: true as const };
      await updateUnitTerms(trx, { clusterId, periodId: period.id, unitIds: [u.id], change, reason, by: me, now });
      const notice = extension
        ? vi.adjust.extendedNotice(name, extension.deadlineAt, reason, extension.capped)
        : vi.adjust.excusedNotice(u.name, name, reason);
      await queue(textToPeople(await clusterRecipients(trx, clusterId, { unitIds: [u.id] }), clusterId, notice));
      if (extension) result.push({ unit: u.name, until: extension.deadlineAt, capped: extension.capped });
    }
    return result;
  });
  return action === 'ex' ? { action, units: units.map((u) => u.name) } : { action, extended };
}

/**
 * Extends from the unit's own deadline, or from now if that has passed; same time of day.
 * Never past the period's end, when reports stop being taken: `capped` says it was cut
 * there, and both the unit and the leader are told the real date.
 */
export function extendedDeadline(
  current: Date,
  now: Date,
  days: number,
  period: Pick<Period, 'deadline_at' | 'ends_at'>,
): { deadlineAt: Date; capped: boolean } {
  const day = local(new Date(Math.max(current.getTime(), now.getTime()))).add(days, 'day');
  const wanted = localDateTime(day.year(), day.month() + 1, day.date(), local(period.deadline_at).format('HH:mm'));
  const lastMinute = new Date(period.ends_at.getTime() - 60_000);
  return wanted < lastMinute ? { deadlineAt: wanted, capped: false } : { deadlineAt: lastMinute, capped: true };
}

/** The open periods whose report the unit has not sent and is not excused from: where more time can be asked. */
export async function periodsOwed(
  db: Db,
  unit: Pick<UnitRef, 'clusterId' | 'unitId'>,
  now: Date,
): Promise<OpenPeriod[]> {
  const result = [];
  for (const open of await openPeriods(db, unit.clusterId, now)) {
    const report = (await reportsForPeriod(db, open.period.id)).find((r) => r.unit_id === unit.unitId);
    if (report?.status === 'submitted' || (await listUnitTerms(db, open.period))(unit.unitId).excused) continue;
    result.push(open);
  }
  return result;
}

/** The unit the actor reports for. Throws NotEntitled('contact') for anyone else. */
function reportingUnit(actor: Actor): UnitRef {
  if (!actor.reportingUnit) throw new NotEntitled('contact');
  return actor.reportingUnit;
}

/** "🕒 Xin gia hạn" from the menu: the periods the actor's unit may ask more time for. Throws NotEntitled('contact'). */
export async function periodsToExtend(deps: ServiceDeps, actor: Actor): Promise<OpenPeriod[]> {
  return periodsOwed(deps.db, reportingUnit(actor), deps.clock.now());
}

/**
 * Whether the actor's unit may ask more time for the period now: 'ask', or 'waiting' when a
 * request of the unit is still undecided (one at a time: a second would ask the leader the
 * same question twice). Throws NotEntitled('contact'); PeriodClosed; InvalidInput('not_needed')
 * once the unit has submitted.
 */
export async function extensionToAsk(
  deps: ServiceDeps,
  actor: Actor,
  periodId: number,
): Promise<{ kind: 'ask' } | { kind: 'waiting'; requestedAt: Date }> {
  const unit = reportingUnit(actor);
  const period = await findPeriod(deps.db, unit.clusterId, periodId);
  if (!period || !isOpen(period, deps.clock.now())) throw new PeriodClosed();
  const submitted = (await reportsForPeriod(deps.db, periodId)).some(
    (r) => r.unit_id === unit.unitId && r.status === 'submitted',
  );
  if (submitted) throw new InvalidInput('not_needed');
  const waiting = (await listUndecidedExtensionRequests(deps.db, [periodId])).find((r) => r.unitId === unit.unitId);
  return waiting ? { kind: 'waiting', requestedAt: waiting.requestedAt } : { kind: 'ask' };
}

/**
 * Records the unit's request for more time with its reason and queues it, with the decision
 * buttons, to the cluster's leaders. Throws NotEntitled('contact'), PeriodClosed.
 */
export async function requestExtension(
  deps: ServiceDeps,
  actor: Actor,
  input: { periodId: number; reason: string },
): Promise<{ requestId: number }> {
  const { db, clock } = deps;
  const unit = reportingUnit(actor);
  const period = await findPeriod(db, unit.clusterId, input.periodId);
  if (!period || !isOpen(period, clock.now())) throw new PeriodClosed();
  const reason = input.reason.trim().slice(0, MAX_REASON);
  const name = reportName((await loadTemplate(db, period.template_id)).title, period.key);
  const leaders = await leaderRecipients(db, unit.clusterId);
  return deps.outbox.withQueue(async (trx, queue) => {
    const requestId = await createExtensionRequest(trx, {
      periodId: period.id,
      unitId: unit.unitId,
      personId: actor.person.id,
      reason,
      now: clock.now(),
    });
    const notice = extensionRequestNotice({
      id: requestId,
      unitName: unit.unitName,
      personName: actor.person.full_name,
      name,
      reason,
    });
    await queue(textToPeople(leaders, unit.clusterId, notice.text, notice.keyboard));
    return { requestId };
  });
}

export type DecisionResult =
  { approved: false; unitName: string } | { approved: true; unitName: string; deadlineAt: Date; capped: boolean };

/**
 * The leader's answer to a request for more time: 3 or 7 more days from the unit's deadline
 * (never past the period's end), or no. Decided once, the unit told in the same transaction.
 * Throws NotEntitled; Stale for a request not of the leader's cluster; Stale('decided') once
 * answered (by this or another leader); PeriodClosed('request') when its period has ended.
 */
export async function decideExtension(
  deps: ServiceDeps,
  actor: Actor,
  input: { requestId: number; decision: ExtensionDecision },
): Promise<DecisionResult> {
  const { db, clock } = deps;
  const { clusterId } = ledCluster(actor);
  const request = await findExtensionRequest(db, input.requestId);
  const period = request && (await findPeriod(db, clusterId, request.periodId));
  if (!request || !period) throw new Stale();
  const now = clock.now();
  // A request answered already, or left until its period ended, cannot be decided (again) weeks later.
  if (request.decision !== null) throw new Stale('decided');
  if (!isOpen(period, now)) throw new PeriodClosed('request');
  const name = reportName((await loadTemplate(db, period.template_id)).title, period.key);
  const unitName = (await listReportingUnits(db, clusterId)).find((u) => u.id === request.unitId)?.name ?? '';
  const people = await clusterRecipients(db, clusterId, { unitIds: [request.unitId] });
  const { decision } = input;
  const decided = await deps.outbox.withQueue(async (trx, queue): Promise<DecisionResult | undefined> => {
    if (!(await updateExtensionDecision(trx, request.id, decision, actor.person.id, now))) return undefined;
    if (decision === 'no') {
      await queue(textToPeople(people, clusterId, vi.extension.declined(name)));
      return { approved: false, unitName };
    }
    const terms = await listUnitTerms(trx, period);
    const { deadlineAt, capped } = extendedDeadline(
      terms(request.unitId).deadlineAt,
      now,
      EXTENSION_DAYS[decision],
      period,
    );
    const reason = vi.extension.approvedReason(request.reason);
    await updateUnitTerms(trx, {
      clusterId,
      periodId: period.id,
      unitIds: [request.unitId],
      change: { deadlineAt },
      reason,
      by: actor.person.id,
      now,
    });
    await queue(textToPeople(people, clusterId, vi.adjust.extendedNotice(name, deadlineAt, reason, capped)));
    return { approved: true, unitName, deadlineAt, capped };
  });
  if (!decided) throw new Stale('decided');
  return decided;
}

/**
 * What closing or opening early would act on, for the leader to confirm: the open period and,
 * for opening early, the key of the period that follows it (undefined when the schedule has none).
 * Throws as leaderOpenPeriod.
 */
export async function periodToControl(
  deps: ServiceDeps,
  actor: Actor,
  periodId: number,
): Promise<OpenPeriod & { nextKey: string | undefined }> {
  const { period, schedule } = await leaderOpenPeriod(deps, actor, periodId);
  return { period, schedule, nextKey: periodContaining(schedule.definition, period.ends_at)?.key };
}

/** Closes the open period now (reports stop being taken); every unit is told. Audited. Throws as leaderOpenPeriod. */
export async function closePeriod(deps: ServiceDeps, actor: Actor, periodId: number): Promise<OpenPeriod> {
  const { period, schedule, clusterId } = await leaderOpenPeriod(deps, actor, periodId);
  const me = actor.person.id;
  const people = await clusterRecipients(deps.db, clusterId);
  const name = reportName(schedule.template.definition.title, period.key);
  await deps.outbox.withQueue(async (trx, queue) => {
    await closePeriodEarly(trx, period.id, deps.clock.now());
    await auditByPerson(trx, me, {
      clusterId,
      action: 'period.close',
      details: { periodId },
    });
    await queue(textToPeople(people, clusterId, vi.periodControl.closedNotice(name), {}, me));
  });
  return { period, schedule };
}

/**
 * Opens the period after this one now; every unit is told, with a button to report. Audited.
 * Throws as leaderOpenPeriod; Stale('already_open') when the next one is open already.
 */
export async function openNextPeriod(deps: ServiceDeps, actor: Actor, periodId: number): Promise<OpenPeriod> {
  const { period, schedule, clusterId } = await leaderOpenPeriod(deps, actor, periodId);
  const me = actor.person.id;
  const people = await clusterRecipients(deps.db, clusterId);
  const opened = await deps.outbox.withQueue(async (trx, queue) => {
    const opened = await openNextPeriodEarly(trx, schedule, period, deps.clock.now());
    if (!opened) return undefined;
    await auditByPerson(trx, me, {
      clusterId,
      action: 'period.open',
      details: { periodId: opened.id },
    });
    const text = vi.periodControl.openedNotice(
      reportName(schedule.template.definition.title, opened.key),
      opened.deadline_at,
    );
    await queue(
      textToPeople(
        people,
        clusterId,
        text,
        keyboardRows([{ text: vi.button.report, data: reportStartButton.data(opened.id) }]),
        me,
      ),
    );
    return opened;
  });
  if (!opened) throw new Stale('already_open');
  return { period: opened, schedule };
}
