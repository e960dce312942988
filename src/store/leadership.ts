import { sql, type Selectable } from 'kysely';
import { inTransaction, type Db } from '../db/connect.js';
import type { LeaderTermsTable, Role } from '../db/schema.js';
import { audit } from './audit.js';

/** Conversation kinds that only make sense while holding the leader's desk. */
const LEADER_CONVERSATIONS = [
  'guidance_compose',
  'guidance_preview',
  'leader_adjust',
  'leader_feedback',
  'share_preview',
];

export interface LeaderTerm {
  id: number;
  clusterId: number;
  unitId: number;
  startsAt: Date;
  endsAt: Date | null;
}

interface UnitInfo {
  id: number;
  code: string;
  name: string;
}

export type RotateResult =
  | {
      ok: true;
      termId: number;
      /** Undefined when the cluster had no leader yet. */
      from?: UnitInfo;
      to: UnitInfo;
      /** People of the new leader's unit who got the leader's rights. */
      promoted: number[];
      /** People who held the leader's rights elsewhere and are now contacts of their unit. */
      demoted: number[];
      /** Unused leader invites of other units turned into contact invites. */
      invitesChanged: number;
    }
  | { ok: false; reason: 'unknown_unit' | 'no_members' }
  | { ok: false; reason: 'same_unit' | 'stale'; current?: UnitInfo };

export interface RotateInput {
  clusterId: number;
  toUnitId: number;
  /** Who acted, readable, as in the audit log: "cli", "config", "person:12". */
  actor: string;
  actorPersonId?: number;
  /** The term the actor saw when asking: a confirmation after someone else rotated is refused as stale. */
  expectedTermId?: number;
  /**
   * Refuse a unit nobody has joined yet: the cluster would be left with no one holding the
   * leader's rights (the config's first leader is set before anyone joins, so it does not ask).
   */
  requireMembers?: boolean;
  now: Date;
}

/** The units of a cluster someone has joined. */
export async function listUnitsWithMembers(db: Db, clusterId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('memberships')
    .select('unit_id')
    .distinct()
    .where('cluster_id', '=', clusterId)
    .where('revoked_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.unit_id));
}

function toLeaderTerm(row: Selectable<LeaderTermsTable>): LeaderTerm {
  return { id: row.id, clusterId: row.cluster_id, unitId: row.unit_id, startsAt: row.starts_at, endsAt: row.ends_at };
}

/** A term by id, open or ended. */
export async function findLeaderTerm(db: Db, termId: number): Promise<LeaderTerm | undefined> {
  const row = await db.selectFrom('leader_terms').selectAll().where('id', '=', termId).executeTakeFirst();
  return row && toLeaderTerm(row);
}

/** The cluster's current term (the one not ended); undefined before any leader was set. */
export async function findOpenLeaderTerm(db: Db, clusterId: number): Promise<LeaderTerm | undefined> {
  const row = await db
    .selectFrom('leader_terms')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where('ends_at', 'is', null)
    .executeTakeFirst();
  return row && toLeaderTerm(row);
}

/**
 * Hands the leader's term to another unit of the cluster, in one transaction: the open term
 * ends, a new one starts, every active member of the new unit gets the leader's role, every
 * leader elsewhere in the cluster becomes a contact of their own unit (they keep reporting
 * for it), and it is audited. History (reports, guidance, feedback) is cluster-scoped, so
 * the new leader's people see it as it is.
 */
export async function rotateLeader(db: Db, input: RotateInput): Promise<RotateResult> {
  return inTransaction(db, async (trx) => {
    // One rotation at a time per cluster: a second one waits here, then sees the new term.
    await trx.selectFrom('units').select('id').where('id', '=', input.clusterId).forUpdate().executeTakeFirst();
    const unitOf = (id: number) =>
      trx.selectFrom('units').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();

    const to = await trx
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where('id', '=', input.toUnitId)
      .where('cluster_id', '=', input.clusterId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!to) return { ok: false, reason: 'unknown_unit' };
    const term = await findOpenLeaderTerm(trx, input.clusterId);
    const current = term && (await unitOf(term.unitId));
    if (input.expectedTermId !== undefined && term?.id !== input.expectedTermId)
      return { ok: false, reason: 'stale', ...(current ? { current } : {}) };
    if (term?.unitId === to.id) return { ok: false, reason: 'same_unit', ...(current ? { current } : {}) };
    if (input.requireMembers && !(await listUnitsWithMembers(trx, input.clusterId)).has(to.id))
      return { ok: false, reason: 'no_members' };

    if (term) await trx.updateTable('leader_terms').set({ ends_at: input.now }).where('id', '=', term.id).execute();
    const { id: termId } = await trx
      .insertInto('leader_terms')
      .values({ cluster_id: input.clusterId, unit_id: to.id, starts_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();

    const demoted = await switchRole(trx, {
      clusterId: input.clusterId,
      from: 'leader',
      to: 'contact',
      units: { not: to.id },
      now: input.now,
    });
    const promoted = await switchRole(trx, {
      clusterId: input.clusterId,
      from: 'contact',
      to: 'leader',
      units: { only: to.id },
      now: input.now,
    });

    // A leader link not yet used would make its owner a leader of a unit that no longer leads.
    const invites = await trx
      .updateTable('invites')
      .set({ role: 'contact' })
      .where('cluster_id', '=', input.clusterId)
      .where('role', '=', 'leader')
      .where('unit_id', '!=', to.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', input.now)
      .returning('id')
      .execute();

    // A former leader half-way through guidance or a reason would only meet "not allowed" later.
    if (demoted.length) {
      await trx
        .deleteFrom('conversations')
        .where('person_id', 'in', demoted)
        // A reply in a thread written as the leader, too (one written for their own unit stays).
        .where((eb) =>
          eb.or([
            eb(sql<string>`state->>'kind'`, 'in', LEADER_CONVERSATIONS),
            eb.and([
              eb(sql<string>`state->>'kind'`, '=', 'thread_message'),
              eb(sql<string>`state->>'side'`, '=', 'leader'),
            ]),
          ]),
        )
        .execute();
    }

    const from = current && { id: current.id, code: current.code, name: current.name };
    await audit(trx, {
      clusterId: input.clusterId,
      actorPersonId: input.actorPersonId ?? null,
      actor: input.actor,
      action: 'leader.rotate',
      details: {
        from: from?.code ?? null,
        to: to.code,
        endedTermId: term?.id ?? null,
        termId,
        promoted,
        demoted,
        invitesChanged: invites.length,
      },
    });
    return { ok: true, termId, ...(from ? { from } : {}), to, promoted, demoted, invitesChanged: invites.length };
  });
}

/**
 * Turns active memberships of one role into the other, for the units given. A person who
 * already holds the target role at that unit keeps that one and the duplicate is revoked
 * (one active row per person, unit and role). Returns the people changed.
 */
async function switchRole(
  trx: Db,
  s: { clusterId: number; from: Role; to: Role; units: { only: number } | { not: number }; now: Date },
): Promise<number[]> {
  const rows = await trx
    .selectFrom('memberships as m')
    .select(['m.id', 'm.person_id', 'm.unit_id'])
    .where('m.cluster_id', '=', s.clusterId)
    .where('m.role', '=', s.from)
    .where('m.revoked_at', 'is', null)
    .$if('only' in s.units, (q) => q.where('m.unit_id', '=', (s.units as { only: number }).only))
    .$if('not' in s.units, (q) => q.where('m.unit_id', '!=', (s.units as { not: number }).not))
    .where(({ exists, selectFrom, not }) =>
      not(
        exists(
          selectFrom('memberships as twin')
            .select('twin.id')
            .whereRef('twin.person_id', '=', 'm.person_id')
            .whereRef('twin.unit_id', '=', 'm.unit_id')
            .where('twin.role', '=', s.to)
            .where('twin.revoked_at', 'is', null),
        ),
      ),
    )
    .orderBy('m.id')
    .execute();
  if (rows.length)
    await trx
      .updateTable('memberships')
      .set({ role: s.to })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();

  const twins = await trx
    .updateTable('memberships as m')
    .set({ revoked_at: s.now })
    .where('m.cluster_id', '=', s.clusterId)
    .where('m.role', '=', s.from)
    .where('m.revoked_at', 'is', null)
    .$if('only' in s.units, (q) => q.where('m.unit_id', '=', (s.units as { only: number }).only))
    .$if('not' in s.units, (q) => q.where('m.unit_id', '!=', (s.units as { not: number }).not))
    .returning('m.person_id')
    .execute();
  return [...new Set([...rows, ...twins].map((r) => r.person_id))].sort((a, b) => a - b);
}
