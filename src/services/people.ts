/**
 * Who receives the bot's messages for each unit, and taking a person off a unit (retired,
 * moved). Leader only, within the leader's own cluster; the leader cannot remove themselves
 * (they hand the role over first).
 */
import type { Unit } from '../db/schema.js';
import { listReportingUnits } from '../store/clusters.js';
import { removePersonFromUnit, unitPeople, type UnitPerson } from '../store/unit-people.js';
import type { Actor, UnitRef } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, NotEntitled, Stale } from './errors.js';

/** The cluster the actor leads. Throws NotEntitled('leader') for anyone else. */
export function ledCluster(actor: Actor): UnitRef {
  if (!actor.leaderOf) throw new NotEntitled('leader');
  return actor.leaderOf;
}

/** An active reporting unit of the actor's cluster. Throws NotEntitled, or Stale for a unit not (or no longer) there. */
export async function ledUnit(deps: Pick<ServiceDeps, 'db'>, actor: Actor, unitId: number): Promise<Unit> {
  const unit = (await listReportingUnits(deps.db, ledCluster(actor).clusterId)).find((u) => u.id === unitId);
  if (!unit) throw new Stale('unit');
  return unit;
}

/** Each reporting unit of the leader's cluster with how many people it has. */
export async function unitsWithPeopleCount(deps: ServiceDeps, actor: Actor): Promise<{ unit: Unit; count: number }[]> {
  const units = await listReportingUnits(deps.db, ledCluster(actor).clusterId);
  return Promise.all(units.map(async (unit) => ({ unit, count: (await unitPeople(deps.db, unit.id)).length })));
}

/** A unit's people, in the order they joined. */
export async function peopleOfUnit(
  deps: ServiceDeps,
  actor: Actor,
  unitId: number,
): Promise<{ unit: Unit; people: UnitPerson[] }> {
  const unit = await ledUnit(deps, actor, unitId);
  return { unit, people: await unitPeople(deps.db, unit.id) };
}

/** The leader's unit someone is removed from; the leader may not remove themselves (InvalidInput('yourself')). */
async function unitToRemoveFrom(
  deps: ServiceDeps,
  actor: Actor,
  input: { unitId: number; personId: number },
): Promise<Unit> {
  const unit = await ledUnit(deps, actor, input.unitId);
  if (input.personId === actor.person.id) throw new InvalidInput('yourself');
  return unit;
}

/**
 * The person the leader is about to remove. Throws InvalidInput('yourself') for the leader,
 * Stale('not_member') for someone no longer in the unit.
 */
export async function personToRemove(
  deps: ServiceDeps,
  actor: Actor,
  input: { unitId: number; personId: number },
): Promise<{ unit: Unit; person: UnitPerson }> {
  const unit = await unitToRemoveFrom(deps, actor, input);
  const person = (await unitPeople(deps.db, unit.id)).find((p) => p.personId === input.personId);
  if (!person) throw new Stale('not_member');
  return { unit, person };
}

/**
 * Takes the person off the unit (store/unit-people.ts: every role there revoked, audited).
 * Returns who went and how many people the unit has left. Throws as personToRemove; a second
 * confirmation finds the person gone: Stale('not_member').
 */
export async function removePerson(
  deps: ServiceDeps,
  actor: Actor,
  input: { unitId: number; personId: number },
): Promise<{ unit: Unit; person: UnitPerson; left: number }> {
  const unit = await unitToRemoveFrom(deps, actor, input);
  const me = actor.person.id;
  const result = await removePersonFromUnit(deps.db, {
    clusterId: unit.cluster_id!,
    unitId: unit.id,
    personId: input.personId,
    actor: `person:${me}`,
    actorPersonId: me,
    now: deps.clock.now(),
  });
  if (!result.ok) throw new Stale('not_member');
  deps.log.info('person removed from unit', {
    unitId: unit.id,
    personId: input.personId,
    by: me,
    stranger: result.stranger,
  });
  return { unit, person: result.person, left: (await unitPeople(deps.db, unit.id)).length };
}
