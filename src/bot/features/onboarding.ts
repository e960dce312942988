/**
 * /start, for strangers too (mounted before the stranger gate, features/index.ts): with an
 * invite code it binds the Telegram user to the invite's unit and role; without one it
 * welcomes a registered person back. Workflow: services/invites.ts joinWithInvite.
 */
import { vi } from '../../i18n/vi.js';
import { joinWithInvite } from '../../services/invites.js';
import { setCommandsFor } from '../../delivery/commands.js';
import type { BotContext } from '../context.js';
import { Feature } from '../feature.js';
import { mainMenu } from '../keyboards.js';
import { answeringRefusals } from '../refusals.js';
import { replyHtml } from '../reply.js';
import { menuFor } from './help.js';

async function handleStart(ctx: BotContext, payload: string): Promise<void> {
  const code = payload.trim();
  if (code === '') {
    if (!ctx.actor) return void (await ctx.reply(vi.stranger));
    return void (await replyHtml(ctx, vi.welcomeBack(ctx.actor.person.full_name), await menuFor(ctx)));
  }
  const joined = await joinWithInvite(ctx.deps, ctx.from!, code);
  if (!joined.ok)
    return void (await replyHtml(
      ctx,
      joined.reason === 'other_unit' ? vi.invite.otherUnit(joined.unitName) : vi.invite[joined.reason],
    ));
  const { actor } = joined;
  ctx.actor = actor;
  const welcome = joined.role === 'leader' ? vi.welcomeLeader : vi.welcomeContact;
  await replyHtml(ctx, welcome(actor.person.full_name, joined.unitName, joined.clusterName), mainMenu(actor));
  try {
    await setCommandsFor(ctx.telegram, ctx.chat!.id, actor);
  } catch (error) {
    ctx.deps.log.warn('could not set the command menu', { personId: actor.person.id, error });
  }
}

export const onboarding = new Feature('onboarding');
onboarding.composer.start((ctx) => answeringRefusals(ctx, () => handleStart(ctx, ctx.payload)));
