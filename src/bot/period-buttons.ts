import { vi } from '../i18n/vi.js';
import { isOpen, periodOfButton } from '../store/periods.js';
import type { BotContext } from './context.js';
import { buttonRows } from './keyboards.js';

/**
 * Buttons that act on a period (report, remind, ask for more time, extend or excuse, close or
 * open the next): once the period has ended (closed early by the leader, or past its end) an
 * old one of them only says so, in one line. Buttons that look back (browsing reports,
 * threads) still work on past periods, and a request for more time says itself whether it was
 * answered or its period ended, so neither uses this.
 * Returns true when the tap was answered here and must go no further.
 */
export async function refuseEndedPeriod(ctx: BotContext, periodId: number): Promise<boolean> {
  const period = await periodOfButton(ctx.deps.db, periodId);
  if (!period) {
    await ctx.reply(vi.staleButton);
    return true;
  }
  if (isOpen(period, ctx.deps.clock.now())) return false;
  await ctx.reply(vi.report.periodClosed);
  return true;
}

/** The guard of a button whose first argument is a period id: `onButton(b, h, { guard: periodGuard })`. */
export function periodGuard(ctx: BotContext, args: readonly [number, ...unknown[]]): Promise<boolean> {
  return refuseEndedPeriod(ctx, args[0]);
}

/**
 * The period to go on with: `lines.none` is said when there is none, the only one is taken at
 * once, and several are offered under `lines.choose`, a button each (`button`: its data).
 */
export async function pickPeriod(
  ctx: BotContext,
  periods: { id: number; name: string }[],
  lines: { none: string; choose: string },
  go: (periodId: number) => Promise<unknown>,
  button: (periodId: number) => string,
): Promise<void> {
  if (periods.length === 0) return void (await ctx.reply(lines.none));
  if (periods.length === 1) return void (await go(periods[0]!.id));
  await ctx.reply(lines.choose, buttonRows(periods.map((p) => ({ text: p.name, data: button(p.id) }))));
}
