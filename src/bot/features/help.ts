import { vi } from '../../i18n/vi.js';
import { openPeriods } from '../../store/periods.js';
import { periodsOwed } from './adjust.js';
import { findReport } from '../../store/reports.js';
import { makePrimaryContact } from '../../store/people.js';
import type { BotContext } from '../context.js';
import { mainMenu, type Keyboard } from '../keyboards.js';
import { replyHtml } from '../reply.js';

export async function showHelp(ctx: BotContext): Promise<void> {
  const actor = ctx.actor!;
  await replyHtml(ctx, vi.help({ contact: actor.reportingUnit !== undefined, leader: actor.leaderOf !== undefined }), await menuFor(ctx, { settings: true }));
}

/** "Nhận nhắc sớm": this contact becomes the one the early reminders go to. */
export async function becomePrimary(ctx: BotContext): Promise<void> {
  const unit = ctx.actor?.reportingUnit;
  if (!unit || !(await makePrimaryContact(ctx.deps.db, ctx.actor!.person.id, unit.unitId, ctx.deps.clock.now()))) {
    return void (await ctx.reply(vi.notAContact));
  }
  await replyHtml(ctx, vi.primaryTaken(unit.unitName));
}

export async function showMenu(ctx: BotContext): Promise<void> {
  await replyHtml(ctx, vi.menu, await menuFor(ctx));
}

/** The main menu, offering to continue when the unit has a report begun and not sent. */
export async function menuFor(ctx: BotContext, options: { settings?: boolean } = {}): Promise<Keyboard> {
  const actor = ctx.actor!;
  const unit = actor.reportingUnit;
  let draft = false;
  if (unit) {
    for (const { period } of await openPeriods(ctx.deps.db, unit.clusterId, ctx.deps.clock.now())) {
      if ((await findReport(ctx.deps.db, period.id, unit.unitId))?.status === 'draft') draft = true;
    }
  }
  // "Xin gia hạn" is there whenever the unit still owes a report of an open period.
  const extension = unit !== undefined && (await periodsOwed(ctx.deps.db, unit, ctx.deps.clock.now())).length > 0;
  return mainMenu(actor, draft, { ...options, extension });
}
