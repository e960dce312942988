/**
 * "🗂 Xem báo cáo": the leader browses any period's reports, newest period first, then
 * a unit, then its report (the usual report view). Lists change in place; ◀️ goes up.
 * Workflows: services/browse.ts.
 */
import { periodLabel, reportName, vi } from '../../i18n/vi.js';
import { browsePeriods, browseUnits, unitReport, type BrowsedPeriod } from '../../services/browse.js';
import type { BotContext } from '../context.js';
import { Feature } from '../feature.js';
import { buttonGrid } from '../keyboards.js';
import { answerTap, replaceOrReply } from '../reply.js';
import { unitLabel } from './board.js';
import { showReport } from './report.js';
import {
  periodsPageButton,
  periodsPageInPlaceButton,
  periodUnitsButton,
  periodUnitsInPlaceButton,
  unitReportButton,
} from './browse-buttons.js';

export { periodsPageButton, periodsPageInPlaceButton, periodUnitsButton, periodUnitsInPlaceButton, unitReportButton };

async function showPeriods(ctx: BotContext, page: number, options: { inPlace?: boolean } = {}): Promise<void> {
  const shown = await browsePeriods(ctx.deps, ctx.actor!, page);
  if (shown.items.length === 0) return void (await ctx.reply(vi.browse.noPeriods));
  const labels = periodLabels(shown.items);
  const rows = shown.items.map((item, i) => [
    {
      text: vi.browse.periodButton(labels[i]!, item.submitted, item.total),
      data: periodUnitsInPlaceButton.data(item.period.id, 'e'),
    },
  ]);
  const pager = [
    ...(shown.hasNewer
      ? [{ text: vi.button.newerPeriods, data: periodsPageInPlaceButton.data(shown.page - 1, 'e') }]
      : []),
    ...(shown.hasOlder
      ? [{ text: vi.button.olderPeriods, data: periodsPageInPlaceButton.data(shown.page + 1, 'e') }]
      : []),
  ];
  if (pager.length) rows.push(pager);
  await replaceOrReply(ctx, vi.browse.periods(shown.page, shown.pages), buttonGrid(rows), options.inPlace ?? false);
}

/** One period: every unit as a button, marked reported on time, late, or not. */
async function showUnits(ctx: BotContext, periodId: number, options: { inPlace?: boolean } = {}): Promise<void> {
  const { period, title, board, rows, page } = await browseUnits(ctx.deps, ctx.actor!, periodId);
  const name = reportName(title, period.key);
  const text = vi.browse.units(
    name,
    period.deadline_at,
    board.submitted,
    board.total,
    rows.map((r) => r.state),
  );
  const keyboard = buttonGrid([
    ...rows.map((r) => [
      { text: vi.browse.unitButton(r.state, unitLabel(r.unit)), data: unitReportButton.data(period.id, r.unit.id) },
    ]),
    [{ text: vi.button.backToPeriods, data: periodsPageInPlaceButton.data(page, 'e') }],
  ]);
  await replaceOrReply(ctx, text, keyboard, options.inPlace ?? false);
}

/** "Tháng 11/2026"; with two schedules of one kind (two monthly reports), the report's own name. */
function periodLabels(items: BrowsedPeriod[]): string[] {
  const labels = items.map((item) => periodLabel(item.period.key));
  return items.map((item, i) => {
    const label = labels[i]!;
    const shared = labels.indexOf(label) !== labels.lastIndexOf(label);
    return shared ? reportName(item.title, item.period.key) : label;
  });
}

export const browse = new Feature('browse')
  .onMenu('browse', (ctx) => showPeriods(ctx, 0))
  .onButton(periodsPageButton, (ctx, [page]) => showPeriods(ctx, page))
  .onButton(periodsPageInPlaceButton, (ctx, [page]) => showPeriods(ctx, page, { inPlace: true }))
  .onButton(periodUnitsButton, (ctx, [periodId]) => showUnits(ctx, periodId))
  .onButton(periodUnitsInPlaceButton, (ctx, [periodId]) => showUnits(ctx, periodId, { inPlace: true }))
  .onButton(
    unitReportButton,
    async (ctx, [periodId, unitId]) => {
      // The report, or, when there is none to open, an alert saying why, leaving the list as it is.
      let found: Awaited<ReturnType<typeof unitReport>>;
      try {
        found = await unitReport(ctx.deps, ctx.actor!, { periodId, unitId });
      } catch (error) {
        await answerTap(ctx);
        throw error;
      }
      if ('reportId' in found) {
        await answerTap(ctx);
        return showReport(ctx, found.reportId);
      }
      const alert = vi.browse.noReport(found.state, found.unitName, reportName(found.title, found.period.key));
      await ctx
        .answerCbQuery(alert, { show_alert: true })
        .catch((error) => ctx.deps.log.debug('could not answer the tap', { error }));
    },
    { answersItself: true },
  );
