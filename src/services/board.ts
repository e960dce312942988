/**
 * The leader's board: per open period, which units have reported (on time, late), which are
 * drafting, excused or still owe it; and "🔔 Nhắc ngay", reminding those that owe it now.
 * The browse lists (services/browse.ts) show the same board for past periods.
 */
import type { Db } from '../db/connect.js';
import type { Period } from '../db/schema.js';
import { buildBoard, type Board } from '../domain/board.js';
import { nudgeMissingUnits, type NudgeResult } from '../reminders/dispatcher.js';
import { formerUnitsIn, listReportingUnits } from '../store/clusters.js';
import { listUnitTerms } from '../store/overrides.js';
import { clusterRecipients } from '../store/people.js';
import { openPeriods, type OpenPeriod } from '../store/periods.js';
import { reportsForPeriod } from '../store/reports.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { ledCluster } from './people.js';

/** A unit as boards list it: `reachable` when someone of it has joined. */
export interface BoardUnit {
  id: number;
  name: string;
  reachable: boolean;
  removed?: boolean;
}

/** The cluster's reporting units and which of them have someone registered: the same for every period's board. */
export async function boardUnits(db: Db, clusterId: number): Promise<BoardUnit[]> {
  const registered = new Set((await clusterRecipients(db, clusterId)).map((r) => r.unitId));
  return (await listReportingUnits(db, clusterId)).map((u) => ({
    id: u.id,
    name: u.name,
    reachable: registered.has(u.id),
  }));
}

/**
 * Who has reported for one period, on time or late, and who has not, with each unit's own
 * terms. A unit taken out of the config since still shows with the report it filed (history
 * stays readable); without one it is not listed, so it never counts as owing.
 */
export async function periodBoard(db: Db, period: Period, units: BoardUnit[], now: Date): Promise<Board> {
  const reports = (await reportsForPeriod(db, period.id)).map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    status: r.status,
    submittedAt: r.submitted_at,
  }));
  const terms = await listUnitTerms(db, period);
  const listed = new Set(units.map((u) => u.id));
  const former = (await formerUnitsIn(db, period.cluster_id, period.id))
    .filter((u) => !listed.has(u.id))
    .map((u) => ({ id: u.id, name: u.name, reachable: false, removed: true }));
  const withTerms = [...units, ...former].map((u) => {
    const t = terms(u.id);
    return { ...u, excused: t.excused, ...(t.extended ? { extendedTo: t.deadlineAt } : {}) };
  });
  return buildBoard(withTerms, reports, period.deadline_at, now);
}

/** The board of each open period of the cluster the actor leads (none when no period is open). Throws NotEntitled. */
export async function leaderBoards(deps: ServiceDeps, actor: Actor): Promise<(OpenPeriod & { board: Board })[]> {
  const { clusterId } = ledCluster(actor);
  const now = deps.clock.now();
  const open = await openPeriods(deps.db, clusterId, now);
  if (open.length === 0) return [];
  const units = await boardUnits(deps.db, clusterId);
  const boards = [];
  for (const o of open) boards.push({ ...o, board: await periodBoard(deps.db, o.period, units, now) });
  return boards;
}

/**
 * "🔔 Nhắc ngay": reminds the units still missing the period's report, now; at most once an
 * hour, never in quiet hours (reminders/dispatcher.ts decides and queues). Throws NotEntitled.
 */
export async function nudgeNow(deps: ServiceDeps, actor: Actor, periodId: number): Promise<NudgeResult> {
  return nudgeMissingUnits(deps, ledCluster(actor).clusterId, periodId);
}
