/** The leader's board ("📊 Tình hình", /trangthai) and its "🔔 Nhắc ngay". Workflows: services/board.ts. */
import { TelegramError } from 'telegraf';
import { reportName, vi } from '../../i18n/vi.js';
import { leaderBoards, nudgeNow } from '../../services/board.js';
import { reportActionButton } from '../../services/report-buttons.js';
import type { BotContext } from '../context.js';
import { button, Feature, seg } from '../feature.js';
import { buttonRows } from '../keyboards.js';
import { periodGuard } from '../period-buttons.js';
import { replyHtml } from '../reply.js';
import { adjustStartButton, periodControlButton } from './adjust.js';

/** "🔄 Cập nhật" under a board: the same board, updated in place when it is the only one. */
export const boardRefreshButton = button('bd:refresh');
/** "🔔 Nhắc ngay" for a period. */
export const boardNudgeButton = button('bd:nudge', seg.id);

/** A unit's name as boards and lists show it: one taken out of the config says so. */
export function unitLabel(unit: { name: string; removed?: boolean }): string {
  return unit.removed ? `${unit.name}${vi.board.removedSuffix}` : unit.name;
}

/** The leader's board: per open period, who has reported, late, or not yet. */
async function showBoard(ctx: BotContext, options: { refresh?: boolean } = {}): Promise<void> {
  const open = await leaderBoards(ctx.deps, ctx.actor!);
  if (open.length === 0) return void (await ctx.reply(vi.report.noOpenPeriod));
  const boards = open.map(({ period, schedule, board }) => {
    const submitted = board.rows.filter((row) => row.reportId !== undefined);
    const text = [
      vi.board.title(reportName(schedule.template.definition.title, period.key), period.deadline_at),
      vi.board.summary(board),
      '',
      ...board.rows.map((row) =>
        vi.board.row({
          state: row.state,
          unit: unitLabel(row.unit),
          submittedAt: row.submittedAt,
          overdue: row.overdue,
          reachable: row.unit.reachable,
          extendedTo: row.unit.extendedTo,
        }),
      ),
      ...(submitted.length ? ['', vi.board.viewHint] : []),
    ].join('\n');
    const owing = board.rows.some((row) => row.state === 'missing' || row.state === 'drafting');
    const keyboard = buttonRows([
      ...submitted.map((row) => ({
        text: `📄 ${unitLabel(row.unit)}`,
        data: reportActionButton.data('view', row.reportId!),
      })),
      ...(owing
        ? [
            { text: vi.button.nudge, data: boardNudgeButton.data(period.id) },
            { text: vi.button.adjust, data: adjustStartButton.data(period.id) },
          ]
        : []),
      { text: vi.button.openNext, data: periodControlButton.data('open-next', period.id) },
      { text: vi.button.closeEarly, data: periodControlButton.data('close', period.id) },
      { text: vi.button.refresh, data: boardRefreshButton.data() },
    ]);
    return { text, keyboard };
  });

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

export const board = new Feature('board')
  .onMenu('board', (ctx) => showBoard(ctx))
  .onCommand('trangthai', (ctx) => showBoard(ctx))
  .onButton(boardRefreshButton, (ctx) => showBoard(ctx, { refresh: true }))
  .onButton(
    boardNudgeButton,
    async (ctx, [periodId]) => {
      // At most once an hour, never at night: the answer says which.
      const result = await nudgeNow(ctx.deps, ctx.actor!, periodId);
      switch (result.kind) {
        case 'sent':
          return replyHtml(ctx, vi.nudge.sent(result));
        case 'already':
          return ctx.reply(vi.nudge.already(result));
        case 'quiet':
          return ctx.reply(vi.nudge.quiet());
        case 'nothing':
          return ctx.reply(vi.nudge.nothing());
        case 'nobody':
          return replyHtml(ctx, vi.nudge.nobody(result.unreachable));
      }
    },
    { guard: periodGuard },
  );
