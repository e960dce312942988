/**
 * "👥 Cán bộ các đơn vị": the leader sees who receives the bot's messages for each unit and
 * can take one person off: unit → person → confirm (services/people.ts checks each step).
 */
import { z } from 'zod';
import { vi } from '../../i18n/vi.js';
import { peopleOfUnit, personToRemove, removePerson, unitsWithPeopleCount } from '../../services/people.js';
import { dismissButton } from './common.js';
import { button, Feature, seg } from '../feature.js';
import { buttonRows } from '../keyboards.js';
import { replyHtml } from '../reply.js';

export const peopleButtons = {
  /** A unit's people. */
  unit: button('pp:u', seg.id),
  /** One person chosen to remove (r), then the removal confirmed (ok): unit id, person id. */
  remove: button('pp', z.enum(['r', 'ok']), seg.id, seg.id),
};

const refusals = { yourself: vi.people.notYourself, not_member: vi.people.notMember };

export const people = new Feature('people')
  .onMenu('people', async (ctx) => {
    const units = await unitsWithPeopleCount(ctx.deps, ctx.actor!);
    const buttons = units.map(({ unit, count }) => ({
      text: vi.people.unitButton(unit.name, count),
      data: peopleButtons.unit.data(unit.id),
    }));
    await ctx.reply(
      vi.people.chooseUnit,
      buttonRows([...buttons, { text: vi.button.cancel, data: dismissButton.data() }]),
    );
  })
  .onButton(peopleButtons.unit, async (ctx, [unitId]) => {
    const { unit, people } = await peopleOfUnit(ctx.deps, ctx.actor!, unitId);
    const me = ctx.actor!.person.id;
    const text = vi.people.list(
      unit.name,
      people.map((p) => ({
        fullName: p.fullName,
        username: p.username,
        leader: p.roles.includes('leader'),
        since: p.since,
        reachable: p.reachable,
      })),
    );
    const buttons = people
      .filter((p) => p.personId !== me)
      .map((p) => ({
        text: vi.people.removeButton(p.fullName),
        data: peopleButtons.remove.data('r', unit.id, p.personId),
      }));
    await replyHtml(ctx, text, buttons.length ? buttonRows(buttons) : undefined);
  })
  .onButton(
    peopleButtons.remove,
    async (ctx, [step, unitId, personId]) => {
      if (step === 'r') {
        const { unit, person } = await personToRemove(ctx.deps, ctx.actor!, { unitId, personId });
        const buttons = [
          { text: vi.people.confirmButton, data: peopleButtons.remove.data('ok', unit.id, personId) },
          { text: vi.button.cancel, data: dismissButton.data() },
        ];
        return replyHtml(ctx, vi.people.confirm(person.fullName, unit.name), buttonRows(buttons));
      }
      const { unit, person, left } = await removePerson(ctx.deps, ctx.actor!, { unitId, personId });
      await ctx
        .editMessageReplyMarkup(undefined)
        .catch((error) => ctx.deps.log.debug('could not drop the confirmation buttons', { error }));
      await replyHtml(ctx, vi.people.removed(person.fullName, unit.name, left));
    },
    { refusals },
  );
