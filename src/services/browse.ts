/**
 * "🗂 Xem báo cáo": the leader browses any period's reports, newest period first, then a
 * unit of it, then its report. Leader only, within the leader's own cluster; only periods
 * that have begun.
 */
import type { Period } from '../db/schema.js';
import type { Board, BoardState } from '../domain/board.js';
import { browseState, pageContaining, pageOf, type Page } from '../domain/browse.js';
import { findUnitById, loadTemplate } from '../store/clusters.js';
import { findUnitTerms } from '../store/overrides.js';
import { findPeriod, isOpen, openPeriods, startedPeriods } from '../store/periods.js';
import { findReport } from '../store/reports.js';
import type { Actor } from './actor.js';
import { boardUnits, periodBoard, type BoardUnit } from './board.js';
import type { ServiceDeps } from './deps.js';
import { Stale } from './errors.js';
import { ledCluster } from './people.js';

/** Periods a page of the list shows. */
export const PERIODS_PAGE_SIZE = 6;

/** One period of the list: its template's title (to name it) and how many units reported. */
export interface BrowsedPeriod {
  period: Period;
  title: string;
  submitted: number;
  total: number;
}

/** One page of the periods that have begun, newest first (an out-of-range page shows the nearest). Throws NotEntitled. */
export async function browsePeriods(deps: ServiceDeps, actor: Actor, page: number): Promise<Page<BrowsedPeriod>> {
  const { clusterId } = ledCluster(actor);
  const { db } = deps;
  const now = deps.clock.now();
  // Period rows are made on first need: make sure the current ones exist before listing.
  await openPeriods(db, clusterId, now);
  const shown = pageOf(await startedPeriods(db, clusterId, now), page, PERIODS_PAGE_SIZE);
  const units = await boardUnits(db, clusterId);
  const items: BrowsedPeriod[] = [];
  for (const period of shown.items) {
    const board = await periodBoard(db, period, units, now);
    items.push({
      period,
      title: (await loadTemplate(db, period.template_id)).title,
      submitted: board.submitted,
      total: board.total,
    });
  }
  return { ...shown, items };
}

/** One period's units, in the configured order, those since taken out of the config last. */
export interface BrowsedUnits {
  period: Period;
  title: string;
  board: Board;
  rows: { unit: BoardUnit; state: BoardState }[];
  /** The page of the periods list this period is on (for "◀️"). */
  page: number;
}

/** Every unit of one period, marked reported on time, late, or not. Throws NotEntitled; Stale for a period not begun or of another cluster. */
export async function browseUnits(deps: ServiceDeps, actor: Actor, periodId: number): Promise<BrowsedUnits> {
  const { clusterId } = ledCluster(actor);
  const { db } = deps;
  const now = deps.clock.now();
  // Only a period of this cluster that has begun: an old or forged button gets nothing.
  const periods = await startedPeriods(db, clusterId, now);
  const index = periods.findIndex((p) => p.id === periodId);
  const period = periods[index];
  if (!period) throw new Stale('period');
  const units = await boardUnits(db, clusterId);
  const board = await periodBoard(db, period, units, now);
  const open = isOpen(period, now);
  // In the configured order, so a province is always in the same place.
  const byUnit = new Map(board.rows.map((row) => [row.unit.id, row]));
  // Units since taken out of the config come last, with the report they filed then.
  const listed = [...units, ...board.rows.filter((row) => row.unit.removed).map((row) => row.unit)];
  const rows = listed.map((unit) => ({ unit, state: browseState(byUnit.get(unit.id)!.state, open) }));
  const title = (await loadTemplate(db, period.template_id)).title;
  return { period, title, board, rows, page: pageContaining(index, PERIODS_PAGE_SIZE) };
}

/**
 * A unit tapped in the list: its submitted report's id, or why there is none to open
 * (excused, drafting while the period is open, or missing). Throws NotEntitled; Stale for a
 * period or unit not of the leader's cluster.
 */
export async function unitReport(
  deps: ServiceDeps,
  actor: Actor,
  input: { periodId: number; unitId: number },
): Promise<{ reportId: number } | { state: BoardState; unitName: string; title: string; period: Period }> {
  const { clusterId } = ledCluster(actor);
  const { db } = deps;
  const period = await findPeriod(db, clusterId, input.periodId);
  const unit = await findUnitById(db, input.unitId);
  if (!period || unit?.cluster_id !== clusterId) throw new Stale('unit');
  const report = await findReport(db, period.id, unit.id);
  if (report?.status === 'submitted') return { reportId: report.id };
  const state: BoardState = (await findUnitTerms(db, period, unit.id)).excused
    ? 'excused'
    : report && isOpen(period, deps.clock.now())
      ? 'drafting'
      : 'missing';
  return { state, unitName: unit.name, title: (await loadTemplate(db, period.template_id)).title, period };
}
