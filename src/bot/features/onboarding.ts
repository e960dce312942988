import { vi } from '../../i18n/vi.js';
import { INVITE_CODE_PATTERN, redeemInvite } from '../../store/invites.js';
import { loadActor } from '../../services/actor.js';
import { setCommandsFor } from '../commands.js';
import { menuFor } from './help.js';
import type { BotContext } from '../context.js';
import { mainMenu } from '../keyboards.js';
import { replyHtml } from '../reply.js';

/** /start <code>: binds the Telegram user to the invite's unit and role. */
export async function handleStart(ctx: BotContext, payload: string): Promise<void> {
  const { db, clock, log } = ctx.deps;
  const code = payload.trim();
  if (code === '') {
    if (!ctx.actor) return void (await ctx.reply(vi.stranger));
    return void (await replyHtml(ctx, vi.welcomeBack(ctx.actor.person.full_name), await menuFor(ctx)));
  }
  if (!INVITE_CODE_PATTERN.test(code)) return void (await ctx.reply(vi.invite.unknown));

  const result = await redeemInvite(db, code, ctx.from!, clock.now());
  if (!result.ok) {
    return void (await replyHtml(ctx, result.reason === 'other_unit' ? vi.invite.otherUnit(result.unitName) : vi.invite[result.reason]));
  }

  const actor = (await loadActor(db, ctx.from!.id))!;
  ctx.actor = actor;
  if (!result.again) log.info('invite redeemed', { personId: actor.person.id, role: result.role, unit: result.unitName });
  const welcome = result.role === 'leader' ? vi.welcomeLeader : vi.welcomeContact;
  await replyHtml(ctx, welcome(actor.person.full_name, result.unitName, result.clusterName), mainMenu(actor));
  try {
    await setCommandsFor(ctx.telegram, ctx.chat!.id, actor);
  } catch (error) {
    log.warn('could not set the command menu', { personId: actor.person.id, error });
  }
}
