import { vi } from '../../i18n/vi.js';
import { listReportingUnits } from '../../store/clusters.js';
import { createInvite } from '../../store/invites.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows } from '../keyboards.js';
import { replyHtml } from '../reply.js';

export const INVITE_VALID_DAYS = 14;

/** The leader invites a unit's contact from the chat (the admin CLI cannot while the bot holds the embedded database). */
export async function chooseUnitToInvite(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const units = await listReportingUnits(ctx.deps.db, leader.clusterId);
  await ctx.reply(vi.invite.chooseUnit, buttonRows(units.map((u) => ({ text: u.name, data: cb.inviteUnit(u.id) }))));
}

export async function inviteUnit(ctx: BotContext, unitId: number): Promise<void> {
  const { db, clock } = ctx.deps;
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const unit = (await listReportingUnits(db, leader.clusterId)).find((u) => u.id === unitId);
  if (!unit) return void (await ctx.reply(vi.staleButton));
  // A link made here is for one more person: the unit's other unused links keep working, and the leader is told how many.
  const { code, expiresAt, stillValid } = await createInvite(db, {
    clusterId: leader.clusterId,
    unitId: unit.id,
    role: 'contact',
    createdBy: `person:${ctx.actor!.person.id}`,
    now: clock.now(),
    validDays: INVITE_VALID_DAYS,
  });
  await replyHtml(ctx, vi.invite.created(unit.name, `https://t.me/${ctx.botInfo.username}?start=${code}`, expiresAt) + (stillValid ? `\n\n${vi.invite.othersStillValid(stillValid)}` : ''));
}
