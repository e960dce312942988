/**
 * The leader invites one more contact for a unit of their cluster (a one-time link), and a
 * newcomer joins with one (/start <code>).
 */
import { listReportingUnits } from '../store/clusters.js';
import { createInvite, INVITE_CODE_PATTERN, redeemInvite, type RedeemResult } from '../store/invites.js';
import type { TelegramIdentity } from '../store/people.js';
import type { Role, Unit } from '../db/schema.js';
import { loadActor, type Actor } from './actor.js';
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
export async function inviteContact(
  deps: ServiceDeps,
  actor: Actor,
  unitId: number,
): Promise<{ unit: Unit; code: string; expiresAt: Date; stillValid: number }> {
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

/** A join refused: the code is unknown, expired, used by someone else, revoked, or for another unit than the person's. */
export type JoinRefused = Extract<RedeemResult, { ok: false }>;

/**
 * /start <code>: binds the Telegram user to the invite's unit and role (single use; the same
 * person using their link again is welcomed, `again`). Returns who they are now, or why the
 * code cannot be used. A stranger has no Actor yet, so the Telegram identity is the input.
 */
export async function joinWithInvite(
  deps: ServiceDeps,
  user: TelegramIdentity,
  code: string,
): Promise<
  { ok: true; actor: Actor; role: Role; unitName: string; clusterName: string; again: boolean } | JoinRefused
> {
  if (!INVITE_CODE_PATTERN.test(code)) return { ok: false, reason: 'unknown' };
  const result = await redeemInvite(deps.db, code, user, deps.clock.now());
  if (!result.ok) return result;
  const actor = await loadActor(deps.db, user.id);
  if (!actor) throw new Error('a redeemed invite left the person with no active role');
  if (!result.again)
    deps.log.info('invite redeemed', { personId: actor.person.id, role: result.role, unit: result.unitName });
  return {
    ok: true,
    actor,
    role: result.role,
    unitName: result.unitName,
    clusterName: result.clusterName,
    again: result.again,
  };
}
