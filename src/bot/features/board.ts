import { TelegramError } from 'telegraf';
import type { Db } from '../../db/connect.js';
import type { Period } from '../../db/schema.js';
import { buildBoard, type Board } from '../../domain/board.js';
import { reportName, vi } from '../../i18n/vi.js';
import { formerUnitsIn, listReportingUnits } from '../../store/clusters.js';
import { clusterRecipients } from '../../store/people.js';
import { unitTermsFor } from '../../store/overrides.js';
import { openPeriods } from '../../store/periods.js';
import { reportsForPeriod } from '../../store/reports.js';
import type { BotContext } from '../context.js';
import { buttonRows } from '../keyboards.js';
import { cb } from '../callback-data.js';
import { replyHtml } from '../reply.js';
import { nudgeMissingUnits } from '../../reminders/dispatcher.js';

/** The leader's board: per open period, who has reported, late, or not yet. */
export async function showBoard(ctx: BotContext, options: { refresh?: boolean } = {}): Promise<void> {
  const { db, clock } = ctx.deps;
  const cluster = ctx.actor?.leaderOf;
  if (!cluster) return void (await ctx.reply(vi.notAllowed));
  const now = clock.now();
  const open = await openPeriods(db, cluster.clusterId, now);
  if (open.length === 0) return void (await ctx.reply(vi.report.noOpenPeriod));
  const units = await boardUnits(db, cluster.clusterId);

  const boards = [];
  for (const { period, schedule } of open) {
    const board = await periodBoard(db, period, units, now);
    const submitted = board.rows.filter((row) => row.reportId !== undefined);
    const text = [
      vi.board.title(reportName(schedule.template.definition.title, period.key), period.deadline_at),
      vi.board.summary(board),
      '',
      ...board.rows.map((row) => vi.board.row({ state: row.state, unit: unitLabel(row.unit), submittedAt: row.submittedAt, overdue: row.overdue, reachable: row.unit.reachable, extendedTo: row.unit.extendedTo })),
      ...(submitted.length ? ['', vi.board.viewHint] : []),
    ].join('\n');
    const owing = board.rows.some((row) => row.state === 'missing' || row.state === 'drafting');
    const keyboard = buttonRows([
      ...submitted.map((row) => ({ text: `📄 ${unitLabel(row.unit)}`, data: cb.reportView(row.reportId!) })),
      ...(owing ? [{ text: vi.button.nudge, data: cb.boardNudge(period.id) }, { text: vi.button.adjust, data: cb.boardAdjust(period.id) }] : []),
      { text: vi.button.openNext, data: cb.periodControl('open-next', period.id) },
      { text: vi.button.closeEarly, data: cb.periodControl('close', period.id) },
      { text: vi.button.refresh, data: cb.boardRefresh() },
    ]);
    boards.push({ text, keyboard });
  }

  // "Cập nhật" under a single board updates it in place instead of posting another one.
  if (options.refresh && boards.length === 1 && ctx.callbackQuery?.message) {
    const [{ text, keyboard }] = boards as [(typeof boards)[number]];
    try {
      await ctx.editMessageText(text, { parse_mode: 'HTML', ...keyboard });
    } catch (error) {
      if (!(error instanceof TelegramError && /not modified/.test(error.description))) throw error;
    }
    return;
  }
  for (const { text, keyboard } of boards) await replyHtml(ctx, text, keyboard);
}

/** The cluster's reporting units and which of them have someone registered: the same for every period's board. */
export async function boardUnits(db: Db, clusterId: number) {
  const registered = new Set((await clusterRecipients(db, clusterId)).map((r) => r.unitId));
  return (await listReportingUnits(db, clusterId)).map((u) => ({ id: u.id, name: u.name, reachable: registered.has(u.id) }));
}

/** A unit's name as boards and lists show it: one taken out of the config says so. */
export function unitLabel(unit: { name: string; removed?: boolean }): string {
  return unit.removed ? `${unit.name}${vi.board.removedSuffix}` : unit.name;
}

/**
 * Who has reported for one period, on time or late, and who has not, with each unit's own
 * terms. A unit taken out of the config since still shows with the report it filed (history
 * stays readable); without one it is not listed, so it never counts as owing.
 */
export async function periodBoard(db: Db, period: Period, units: Awaited<ReturnType<typeof boardUnits>>, now: Date): Promise<Board> {
  const reports = (await reportsForPeriod(db, period.id)).map((r) => ({ id: r.id, unitId: r.unit_id, status: r.status, submittedAt: r.submitted_at }));
  const terms = await unitTermsFor(db, period);
  const listed = new Set(units.map((u) => u.id));
  const former = (await formerUnitsIn(db, period.cluster_id, period.id)).filter((u) => !listed.has(u.id)).map((u) => ({ id: u.id, name: u.name, reachable: false, removed: true }));
  const withTerms = [...units, ...former].map((u) => {
    const t = terms(u.id);
    return { ...u, excused: t.excused, ...(t.extended ? { extendedTo: t.deadlineAt } : {}) };
  });
  return buildBoard(withTerms, reports, period.deadline_at, now);
}

/** "🔔 Nhắc ngay": remind the units still missing the report, at most once an hour. */
export async function nudgeNow(ctx: BotContext, periodId: number): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const { db, clock, log, outbox } = ctx.deps;
  const result = await nudgeMissingUnits({ db, clock, log, outbox }, leader.clusterId, periodId);
  switch (result.kind) {
    case 'sent':
      return void (await replyHtml(ctx, vi.nudge.sent(result)));
    case 'already':
      return void (await ctx.reply(vi.nudge.already(result)));
    case 'quiet':
      return void (await ctx.reply(vi.nudge.quiet()));
    case 'nothing':
      return void (await ctx.reply(vi.nudge.nothing()));
    case 'nobody':
      return void (await replyHtml(ctx, vi.nudge.nobody(result.unreachable)));
  }
}
