/** "➕ Mời cán bộ": the leader picks a unit and gets a one-time link to pass to its new contact. */
import { vi } from '../../i18n/vi.js';
import { inviteContact, unitsToInvite } from '../../services/invites.js';
import { button, Feature, seg } from '../feature.js';
import { buttonRows } from '../keyboards.js';
import { replyHtml } from '../reply.js';

export const inviteButton = button('iv', seg.id);

export const invites = new Feature('invites')
  .onMenu('invite', async (ctx) => {
    const units = await unitsToInvite(ctx.deps, ctx.actor!);
    await ctx.reply(
      vi.invite.chooseUnit,
      buttonRows(units.map((u) => ({ text: u.name, data: inviteButton.data(u.id) }))),
    );
  })
  .onButton(inviteButton, async (ctx, [unitId]) => {
    const { unit, code, expiresAt, stillValid } = await inviteContact(ctx.deps, ctx.actor!, unitId);
    const link = `https://t.me/${ctx.botInfo.username}?start=${code}`;
    await replyHtml(
      ctx,
      vi.invite.created(unit.name, link, expiresAt) +
        (stillValid ? `\n\n${vi.invite.othersStillValid(stillValid)}` : ''),
    );
  });
