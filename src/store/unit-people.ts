import { type Db, inTransaction } from '../db/connect.js';
import type { Role } from '../db/schema.js';
import { audit } from './audit.js';

/** One person registered for a unit, with every role they hold there. */
export interface UnitPerson {
  personId: number;
  telegramUserId: number;
  fullName: string;
  username: string | null;
  roles: Role[];
  /** When they first joined the unit (their oldest active membership). */
  since: Date;
  reachable: boolean;
}

/** The people registered for a unit now (active memberships), in the order they joined. */
export async function unitPeople(db: Db, unitId: number): Promise<UnitPerson[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.telegram_user_id', 'p.full_name', 'p.username', 'p.reachable', 'm.role', 'm.created_at'])
    .where('m.unit_id', '=', unitId)
    .where('m.revoked_at', 'is', null)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const byPerson = new Map<number, UnitPerson>();
  for (const r of rows) {
    const known = byPerson.get(r.id);
    if (known) {
      if (!known.roles.includes(r.role)) known.roles.push(r.role);
      continue;
    }
    byPerson.set(r.id, {
      personId: r.id,
      telegramUserId: Number(r.telegram_user_id),
      fullName: r.full_name,
      username: r.username,
      roles: [r.role],
      since: r.created_at,
      reachable: r.reachable,
    });
  }
  return [...byPerson.values()];
}

export type RemovePersonResult =
  { ok: true; person: UnitPerson; stranger: boolean } | { ok: false; reason: 'not_member' };

/**
 * Takes one person off a unit (they retired or left): every active membership they hold
 * there is revoked, in one transaction, and audited (`person.remove`). With no membership
 * left anywhere they are a stranger to the bot: what they were in the middle of is dropped,
 * and the sender skips messages still waiting for them (see claimNext). What they submitted
 * (reports, answers, proposals) stays, credited to them.
 */
export async function removePersonFromUnit(
  db: Db,
  input: { clusterId: number; unitId: number; personId: number; actor: string; actorPersonId?: number; now: Date },
): Promise<RemovePersonResult> {
  return inTransaction(db, async (trx) => {
    const person = (await unitPeople(trx, input.unitId)).find((p) => p.personId === input.personId);
    if (!person) return { ok: false, reason: 'not_member' };
    await trx
      .updateTable('memberships')
      .set({ revoked_at: input.now })
      .where('person_id', '=', input.personId)
      .where('unit_id', '=', input.unitId)
      .where('cluster_id', '=', input.clusterId)
      .where('revoked_at', 'is', null)
      .execute();
    const left = await trx
      .selectFrom('memberships')
      .select('id')
      .where('person_id', '=', input.personId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!left) await trx.deleteFrom('conversations').where('person_id', '=', input.personId).execute();
    await audit(trx, {
      clusterId: input.clusterId,
      actorPersonId: input.actorPersonId ?? null,
      actor: input.actor,
      action: 'person.remove',
      details: {
        unitId: input.unitId,
        personId: person.personId,
        telegramUserId: person.telegramUserId,
        name: person.fullName,
        roles: person.roles,
      },
    });
    return { ok: true, person, stranger: !left };
  });
}
