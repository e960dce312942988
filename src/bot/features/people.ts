import { vi } from '../../i18n/vi.js';
import { listReportingUnits } from '../../store/clusters.js';
import { removePersonFromUnit, unitPeople } from '../../store/unit-people.js';
import { cb } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { buttonRows } from '../keyboards.js';
import { replyHtml } from '../reply.js';

/**
 * "👥 Cán bộ các đơn vị": the leader sees who receives the bot's messages for each unit and
 * can take one person off (retired, moved): unit → person → confirm. Every step re-checks
 * that the leader leads the unit's cluster; the leader cannot remove themselves (they hand
 * the role over first).
 */
export async function chooseUnitForPeople(ctx: BotContext): Promise<void> {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const units = await listReportingUnits(ctx.deps.db, leader.clusterId);
  const buttons = [];
  for (const u of units) buttons.push({ text: vi.people.unitButton(u.name, (await unitPeople(ctx.deps.db, u.id)).length), data: cb.peopleUnit(u.id) });
  await ctx.reply(vi.people.chooseUnit, buttonRows([...buttons, { text: vi.button.cancel, data: cb.dismiss() }]));
}

/** One unit's people, each with a button to take them off (not the leader themselves). */
export async function showUnitPeople(ctx: BotContext, unitId: number): Promise<void> {
  const unit = await leaderUnit(ctx, unitId);
  if (!unit) return;
  const people = await unitPeople(ctx.deps.db, unit.id);
  const me = ctx.actor!.person.id;
  const text = vi.people.list(
    unit.name,
    people.map((p) => ({ fullName: p.fullName, username: p.username, leader: p.roles.includes('leader'), since: p.since, reachable: p.reachable })),
  );
  const buttons = people.filter((p) => p.personId !== me).map((p) => ({ text: vi.people.removeButton(p.fullName), data: cb.peopleRemove(unit.id, p.personId) }));
  await replyHtml(ctx, text, buttons.length ? buttonRows(buttons) : undefined);
}

export async function confirmRemoval(ctx: BotContext, unitId: number, personId: number): Promise<void> {
  const unit = await leaderUnit(ctx, unitId);
  if (!unit) return;
  if (personId === ctx.actor!.person.id) return void (await ctx.reply(vi.people.notYourself));
  const person = (await unitPeople(ctx.deps.db, unit.id)).find((p) => p.personId === personId);
  if (!person) return void (await ctx.reply(vi.people.notMember));
  await replyHtml(
    ctx,
    vi.people.confirm(person.fullName, unit.name),
    buttonRows([
      { text: vi.people.confirmButton, data: cb.peopleRemove(unit.id, personId, true) },
      { text: vi.button.cancel, data: cb.dismiss() },
    ]),
  );
}

export async function removePerson(ctx: BotContext, unitId: number, personId: number): Promise<void> {
  const { db, clock, log } = ctx.deps;
  const unit = await leaderUnit(ctx, unitId);
  if (!unit) return;
  const me = ctx.actor!.person.id;
  if (personId === me) return void (await ctx.reply(vi.people.notYourself));
  const result = await removePersonFromUnit(db, { clusterId: unit.cluster_id!, unitId: unit.id, personId, actor: `person:${me}`, actorPersonId: me, now: clock.now() });
  // A second tap on the same confirmation finds the person already gone.
  if (!result.ok) return void (await ctx.reply(vi.people.notMember));
  await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  log.info('person removed from unit', { unitId: unit.id, personId, by: me, stranger: result.stranger });
  await replyHtml(ctx, vi.people.removed(result.person.fullName, unit.name, (await unitPeople(db, unit.id)).length));
}

/** A unit of the leader's own cluster, still active; otherwise an answer saying no. */
async function leaderUnit(ctx: BotContext, unitId: number) {
  const leader = ctx.actor?.leaderOf;
  if (!leader) return void (await ctx.reply(vi.notAllowed));
  const unit = (await listReportingUnits(ctx.deps.db, leader.clusterId)).find((u) => u.id === unitId);
  if (!unit) return void (await ctx.reply(vi.staleButton));
  return unit;
}
