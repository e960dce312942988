import type { Db } from '../../db/connect.js';
import type { Period } from '../../db/schema.js';
import type { BoardState } from '../../domain/board.js';
import { browseState, pageContaining, pageOf } from '../../domain/browse.js';
import { periodLabel, reportName, vi } from '../../i18n/vi.js';
import { findUnitById, loadTemplate } from '../../store/clusters.js';
import { unitTerms } from '../../store/overrides.js';
import { findPeriod, isOpen, openPeriods, startedPeriods } from '../../store/periods.js';
import { findReport } from '../../store/reports.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonGrid } from '../keyboards.js';
import { answerTap, replaceOrReply } from '../reply.js';
import { boardUnits, periodBoard, unitLabel } from './board.js';
import { showReport } from './report.js';

/**
 * "🗂 Xem báo cáo": the leader browses any period's reports, newest period first, then
 * a unit, then its report (the usual report view). Lists change in place; ◀️ goes up.
 */
const PAGE_SIZE = 6;

export async function showPeriods(ctx: BotContext, page: number, options: { inPlace?: boolean } = {}): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const { db, clock } = ctx.deps;
  const now = clock.now();
  // Period rows are made on first need: make sure the current ones exist before listing.
  await openPeriods(db, leader.clusterId, now);
  const shown = pageOf(await startedPeriods(db, leader.clusterId, now), page, PAGE_SIZE);
  if (shown.items.length === 0) return void (await ctx.reply(vi.browse.noPeriods));

  const units = await boardUnits(db, leader.clusterId);
  const labels = await periodLabels(db, shown.items);
  const rows = [];
  for (const [i, period] of shown.items.entries()) {
    const board = await periodBoard(db, period, units, now);
    rows.push([{ text: vi.browse.periodButton(labels[i]!, board.submitted, board.total), data: cb.browseUnits(period.id, { inPlace: true }) }]);
  }
  const pager = [
    ...(shown.hasNewer ? [{ text: vi.button.newerPeriods, data: cb.browsePeriods(shown.page - 1, { inPlace: true }) }] : []),
    ...(shown.hasOlder ? [{ text: vi.button.olderPeriods, data: cb.browsePeriods(shown.page + 1, { inPlace: true }) }] : []),
  ];
  if (pager.length) rows.push(pager);
  await replaceOrReply(ctx, vi.browse.periods(shown.page, shown.pages), buttonGrid(rows), options.inPlace ?? false);
}

/** One period: every unit as a button, marked reported on time, late, or not. */
export async function showUnits(ctx: BotContext, periodId: number, options: { inPlace?: boolean } = {}): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const { db, clock } = ctx.deps;
  const now = clock.now();
  // Only a period of this cluster that has begun: an old or forged button gets nothing.
  const periods = await startedPeriods(db, leader.clusterId, now);
  const index = periods.findIndex((p) => p.id === periodId);
  const period = periods[index];
  if (!period) return void (await ctx.reply(vi.staleButton));

  const units = await boardUnits(db, leader.clusterId);
  const board = await periodBoard(db, period, units, now);
  const open = isOpen(period, now);
  // In the configured order, so a province is always in the same place.
  const byUnit = new Map(board.rows.map((row) => [row.unit.id, row]));
  // Units since taken out of the config come last, with the report they filed then.
  const listed = [...units, ...board.rows.filter((row) => row.unit.removed).map((row) => row.unit)];
  const rows = listed.map((u) => ({ unit: u, state: browseState(byUnit.get(u.id)!.state, open) }));
  const name = reportName((await loadTemplate(db, period.template_id)).title, period.key);
  const text = vi.browse.units(name, period.deadline_at, board.submitted, board.total, rows.map((r) => r.state));
  const keyboard = buttonGrid([
    ...rows.map((r) => [{ text: vi.browse.unitButton(r.state, unitLabel(r.unit)), data: cb.browseReport(period.id, r.unit.id) }]),
    [{ text: vi.button.backToPeriods, data: cb.browsePeriods(pageContaining(index, PAGE_SIZE), { inPlace: true }) }],
  ]);
  await replaceOrReply(ctx, text, keyboard, options.inPlace ?? false);
}

/**
 * A unit tapped in the list: its report, or, when there is none to open, an alert saying
 * why, leaving the list as it is. Answers the tap itself (the alert is the answer).
 */
export async function openUnitReport(ctx: BotContext, periodId: number, unitId: number): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  const { db, clock } = ctx.deps;
  const period = leader && (await findPeriod(db, leader.clusterId, periodId));
  const unit = await findUnitById(db, unitId);
  if (!leader || !period || unit?.cluster_id !== leader.clusterId) {
    await answerTap(ctx);
    return void (await ctx.reply(leader ? vi.staleButton : vi.notAllowed));
  }
  const report = await findReport(db, period.id, unit.id);
  if (report?.status === 'submitted') {
    await answerTap(ctx);
    return showReport(ctx, report.id);
  }
  const state: BoardState = (await unitTerms(db, period, unit.id)).excused ? 'excused' : report && isOpen(period, clock.now()) ? 'drafting' : 'missing';
  const name = reportName((await loadTemplate(db, period.template_id)).title, period.key);
  await ctx.answerCbQuery(vi.browse.noReport(state, unit.name, name), { show_alert: true }).catch(() => undefined);
}

/** "Tháng 11/2026"; with two schedules of one kind (two monthly reports), the report's own name. */
async function periodLabels(db: Db, periods: Period[]): Promise<string[]> {
  const labels = periods.map((p) => periodLabel(p.key));
  const result = [];
  for (const [i, period] of periods.entries()) {
    const label = labels[i]!;
    const shared = labels.indexOf(label) !== labels.lastIndexOf(label);
    result.push(shared ? reportName((await loadTemplate(db, period.template_id)).title, period.key) : label);
  }
  return result;
}
