/** The leader invites one more contact for a unit of their cluster (a one-time link). */
import { listReportingUnits } from '../store/clusters.js';
import { createInvite } from '../store/invites.js';
import type { Unit } from '../db/schema.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { ledCluster, ledUnit } from './people.js';

/** How long an invite made in chat stays valid, in days. */
export const INVITE_VALID_DAYS = 14;

/** The units the leader may invite for. Throws NotEntitled for anyone but the leader. */
export async function unitsToInvite(deps: ServiceDeps, actor: Actor): Promise<Unit[]> {
  return listReportingUnits(deps.db, ledCluster(actor).clusterId);
}

/**
 * A new invite code for one more contact of the unit: the unit's other unused codes keep
 * working (`stillValid` counts them). `expiresAt` is INVITE_VALID_DAYS from now.
 * Throws NotEntitled, or Stale for a unit not in the leader's cluster.
 */
export async function inviteContact(deps: ServiceDeps, actor: Actor, unitId: number): Promise<{ unit: Unit; code: string; expiresAt: Date; stillValid: number }> {
  const unit = await ledUnit(deps, actor, unitId);
  const invite = await createInvite(deps.db, {
    clusterId: unit.cluster_id!,
    unitId: unit.id,
    role: 'contact',
    createdBy: `person:${actor.person.id}`,
    now: deps.clock.now(),
    validDays: INVITE_VALID_DAYS,
  });
  return { unit, ...invite };
}
