import { buildBoard } from '../../domain/board.js';
import { reportName, vi } from '../../i18n/vi.js';
import { listReportingUnits } from '../../store/clusters.js';
import { openPeriods } from '../../store/periods.js';
import { reportsForPeriod } from '../../store/reports.js';
import type { BotContext } from '../context.js';
import { singleButton } from '../keyboards.js';
import { cb } from '../callback-data.js';
import { replyHtml } from '../reply.js';

/** The leader's board: per open period, who has reported, late, or not yet. */
export async function showBoard(ctx: BotContext): Promise<void> {
  const { db, clock } = ctx.deps;
  const cluster = ctx.actor?.leaderOf;
  if (!cluster) return void (await ctx.reply(vi.notAllowed));
  const now = clock.now();
  const units = (await listReportingUnits(db, cluster.clusterId)).map((u) => ({ id: u.id, name: u.name }));
  const open = await openPeriods(db, cluster.clusterId, now);
  if (open.length === 0) return void (await ctx.reply(vi.report.noOpenPeriod));

  for (const { period, schedule } of open) {
    const reports = (await reportsForPeriod(db, period.id)).map((r) => ({ unitId: r.unit_id, status: r.status, submittedAt: r.submitted_at }));
    const board = buildBoard(units, reports, period.deadline_at, now);
    const text = [
      vi.board.title(reportName(schedule.template.definition.title, period.key), period.deadline_at),
      vi.board.summary(board),
      '',
      ...board.rows.map((row) => vi.board.row(row.state, row.unit.name, row.submittedAt, board.deadlinePassed)),
    ].join('\n');
    await replyHtml(ctx, text, singleButton(vi.button.refresh, cb.menu('board')));
  }
}
