/**
 * "🔁 Chuyển giao cụm trưởng": the leader picks the unit that takes over, reads what will
 * happen, confirms. Workflows: services/rotation.ts (shared with `admin rotate`).
 */
import { z } from 'zod';
import { vi } from '../../i18n/vi.js';
import { loadActor } from '../../services/actor.js';
import { handOver, HandedOver, handoverToConfirm, nextLeaderChoices, refreshMenus } from '../../services/rotation.js';
import { setCommandsFor } from '../../delivery/commands.js';
import type { BotContext } from '../context.js';
import { button, Feature, seg } from '../feature.js';
import { buttonRows } from '../keyboards.js';
import { replyHtml } from '../reply.js';
import { menuFor } from './help.js';

/** A unit chosen to take over: the term the leader saw, and the unit. */
export const rotationPickButton = button('lr', seg.id, seg.id);
/** The handover confirmed (ok) or not (no). */
export const rotationConfirmButton = button('lr', seg.id, seg.id, z.enum(['ok', 'no']));

/** After a handover, an old button names the unit that leads now, politely. */
async function sayingHandedOver(ctx: BotContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof HandedOver)) throw error;
    await replyHtml(ctx, vi.rotation.already(error.current));
  }
}

export const rotation = new Feature('rotation')
  .onMenu('rotate', async (ctx) => {
    const { term, units } = await nextLeaderChoices(ctx.deps, ctx.actor!);
    if (units.length === 0) return void (await ctx.reply(vi.rotation.noOtherUnit));
    const leader = ctx.actor!.leaderOf!;
    await replyHtml(
      ctx,
      vi.rotation.chooseUnit(leader.clusterName),
      buttonRows(units.map((u) => ({ text: u.name, data: rotationPickButton.data(term.id, u.id) }))),
    );
  })
  .onButton(rotationPickButton, (ctx, [termId, unitId]) =>
    sayingHandedOver(ctx, async () => {
      const { leader, unit } = await handoverToConfirm(ctx.deps, ctx.actor!, { termId, unitId });
      await replyHtml(
        ctx,
        vi.rotation.confirm({ cluster: leader.clusterName, from: leader.unitName, to: unit.name }),
        buttonRows([
          { text: vi.button.confirmRotation, data: rotationConfirmButton.data(termId, unitId, 'ok') },
          { text: vi.button.cancel, data: rotationConfirmButton.data(termId, unitId, 'no') },
        ]),
      );
    }),
  )
  .onButton(
    rotationConfirmButton,
    (ctx, [termId, unitId, answer]) =>
      sayingHandedOver(ctx, async () => {
        if (answer === 'no') {
          await removeButtons(ctx);
          return void (await ctx.reply(vi.rotation.cancelled));
        }
        const { leader, result, menus } = await handOver(ctx.deps, ctx.actor!, { termId, unitId });
        await removeButtons(ctx);
        ctx.actor = (await loadActor(ctx.deps.db, ctx.from!.id)) ?? ctx.actor;
        await refreshMenus(ctx.deps, menus, (chatId, actor) => setCommandsFor(ctx.telegram, chatId, actor));
        await replyHtml(ctx, vi.rotation.done(leader.clusterName, result.to.name), await menuFor(ctx));
      }),
    { refusals: { no_members: vi.rotation.noOtherUnit } },
  );

/** The confirmation's buttons go once answered; a message already without them is no fault. */
async function removeButtons(ctx: BotContext): Promise<void> {
  await ctx
    .editMessageReplyMarkup(undefined)
    .catch((error) => ctx.deps.log.debug('could not remove the buttons', { error }));
}
