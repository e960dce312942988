import { vi } from '../i18n/vi.js';
import { isOpen, periodOfButton } from '../store/periods.js';
import type { CallbackAction } from './callback-data.js';
import type { BotContext } from './context.js';

/**
 * Buttons that act on a period (report, remind, ask for more time, extend or
 * excuse, close or open the next): once the period has ended (closed early by the leader,
 * or past its end) an old one of them only says so, in one line. Buttons that look back
 * (browsing reports, threads) still work on past periods.
 * Returns true when the tap was answered here and must go no further.
 */
export async function refuseEndedPeriod(ctx: BotContext, action: CallbackAction): Promise<boolean> {
  const periodId = periodOf(action);
  if (periodId === undefined) return false;
  const period = await periodOfButton(ctx.deps.db, periodId);
  if (!period) {
    await ctx.reply(vi.staleButton);
    return true;
  }
  if (isOpen(period, ctx.deps.clock.now())) return false;
  await ctx.reply(vi.report.periodClosed);
  return true;
}

function periodOf(action: CallbackAction): number | undefined {
  switch (action.kind) {
    case 'report_start':
    case 'board_nudge':
    case 'extension_ask':
    case 'period_control':
    case 'adjust_start':
    case 'adjust_unit':
    case 'adjust_action':
      return action.periodId;
    // A request for more time says itself whether it was answered or its period ended (adjust.ts).
    default:
      return undefined;
  }
}
