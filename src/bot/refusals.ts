/**
 * A service's refusal (services/errors.ts) becomes one polite line to the person. A handler
 * may give more precise lines per `detail`; otherwise the reason's default is said.
 */
import { vi } from '../i18n/vi.js';
import { NotEntitled, Refusal } from '../services/errors.js';
import type { BotContext } from './context.js';

/** More precise lines for a handler's refusals, by their `detail` code. */
export type RefusalLines = Partial<Record<string, string>>;

/** The line for `refusal`: the handler's own for its detail, else the reason's default. */
export function refusalLine(refusal: Refusal, lines: RefusalLines = {}): string {
  const own = refusal.detail === undefined ? undefined : lines[refusal.detail];
  if (own !== undefined) return own;
  switch (refusal.reason) {
    case 'not_entitled':
      return refusal instanceof NotEntitled && refusal.role === 'contact' ? vi.notAContact : vi.notAllowed;
    case 'stale':
      return vi.staleButton;
    case 'period_closed':
      return vi.report.periodClosed;
    case 'invalid_input':
      return vi.staleButton;
  }
}

/**
 * Runs `work`; a Refusal it throws is answered with its line (logged at debug, it is no fault).
 * Anything else propagates to bot.catch.
 */
export async function answeringRefusals(
  ctx: BotContext,
  work: () => Promise<unknown>,
  lines?: RefusalLines,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    ctx.deps.log.debug('refused', { reason: error.reason, detail: error.detail, updateId: ctx.update.update_id });
    await ctx.reply(refusalLine(error, lines));
  }
}
