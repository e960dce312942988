import { vi } from '../../i18n/vi.js';
import type { BotContext } from '../context.js';
import { mainMenu } from '../keyboards.js';
import { replyHtml } from '../reply.js';

export async function showHelp(ctx: BotContext): Promise<void> {
  const actor = ctx.actor!;
  await replyHtml(ctx, vi.help({ contact: actor.reportingUnit !== undefined, leader: actor.leaderOf !== undefined }), mainMenu(actor));
}

export async function showMenu(ctx: BotContext): Promise<void> {
  await replyHtml(ctx, vi.menu, mainMenu(ctx.actor!));
}
