/** The main menu, the help page (/huongdan, /help, "❓ Hướng dẫn") and "Nhận nhắc sớm". Workflows: services/help.ts. */
import { vi } from '../../i18n/vi.js';
import { becomePrimary, menuFor as menuOf } from '../../services/help.js';
import type { BotContext } from '../context.js';
import { Feature } from '../feature.js';
import type { Keyboard } from '../keyboards.js';
import { replyHtml } from '../reply.js';

async function showHelp(ctx: BotContext): Promise<void> {
  const actor = ctx.actor!;
  await replyHtml(
    ctx,
    vi.help({ contact: actor.reportingUnit !== undefined, leader: actor.leaderOf !== undefined }),
    await menuFor(ctx, { settings: true }),
  );
}

/** The menu, where anything not understood ends (the prompt router, the fallbacks). */
export async function showMenu(ctx: BotContext): Promise<void> {
  await replyHtml(ctx, vi.menu, await menuFor(ctx));
}

/** The main menu for the person of this update. */
export function menuFor(ctx: BotContext, options: { settings?: boolean } = {}): Promise<Keyboard> {
  return menuOf(ctx.deps, ctx.actor!, options);
}

export const help = new Feature('help')
  .onMenu('help', showHelp)
  .onCommand('huongdan', showHelp)
  .onCommand('help', showHelp)
  .onMenu('primary', async (ctx) => {
    const { unitName } = await becomePrimary(ctx.deps, ctx.actor!);
    await replyHtml(ctx, vi.primaryTaken(unitName));
  });
