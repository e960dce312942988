/** The main menu a person gets, and "Nhận nhắc sớm" (the early reminders go to this contact). */
import type { InlineKeyboard } from '../domain/buttons.js';
import { makePrimaryContact } from '../store/people.js';
import { openPeriods } from '../store/periods.js';
import { findReport } from '../store/reports.js';
import type { Actor } from './actor.js';
import { periodsOwed } from './adjust.js';
import type { ServiceDeps } from './deps.js';
import { NotEntitled } from './errors.js';
import { mainMenu } from './menu.js';

/**
 * The main menu for the actor's roles: "continue" when the unit has a report begun and not
 * sent, "Xin gia hạn" whenever the unit still owes a report of an open period.
 */
export async function menuFor(
  deps: ServiceDeps,
  actor: Actor,
  options: { settings?: boolean } = {},
): Promise<InlineKeyboard> {
  const unit = actor.reportingUnit;
  const now = deps.clock.now();
  let draft = false;
  if (unit) {
    for (const { period } of await openPeriods(deps.db, unit.clusterId, now)) {
      if ((await findReport(deps.db, period.id, unit.unitId))?.status === 'draft') draft = true;
    }
  }
  const extension = unit !== undefined && (await periodsOwed(deps.db, unit, now)).length > 0;
  return mainMenu(actor, draft, { ...options, extension });
}

/**
 * "Nhận nhắc sớm": the actor becomes the contact the unit's early reminders go to. Returns the
 * unit's name. Throws NotEntitled('contact') for anyone not a contact of a unit.
 */
export async function becomePrimary(deps: ServiceDeps, actor: Actor): Promise<{ unitName: string }> {
  const unit = actor.reportingUnit;
  if (!unit || !(await makePrimaryContact(deps.db, actor.person.id, unit.unitId, deps.clock.now())))
    throw new NotEntitled('contact');
  return { unitName: unit.unitName };
}
