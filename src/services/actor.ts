import type { Db } from '../db/connect.js';
import { REPORTING_UNIT_KIND } from '../store/clusters.js';
import type { Person } from '../db/schema.js';
import type { Membership } from '../store/people.js';
import { activeMemberships, findPersonById } from '../store/people.js';
import { jsonArrayFrom } from 'kysely/helpers/postgres';

export interface UnitRef {
  clusterId: number;
  clusterName: string;
  unitId: number;
  unitName: string;
}

/** Who is acting, as the database says: the only source of authority. */
export interface Actor {
  person: Person;
  memberships: Membership[];
  /** The unit this person reports for, if any. */
  reportingUnit?: UnitRef;
  /** The cluster this person leads, while their unit holds the leader term. */
  leaderOf?: UnitRef;
}

/**
 * The person with this Telegram user id and their active roles; undefined for a stranger or
 * someone removed. One statement (it runs for every update): the person with their memberships
 * as a JSON array, read as `activeMemberships` reads them.
 */
export async function loadActor(db: Db, telegramUserId: number): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('people as p')
    .selectAll('p')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .innerJoin('units as u', 'u.id', 'm.unit_id')
          .innerJoin('units as c', 'c.id', 'm.cluster_id')
          .leftJoin('leader_terms as lt', (join) =>
            join
              .onRef('lt.cluster_id', '=', 'm.cluster_id')
              .onRef('lt.unit_id', '=', 'm.unit_id')
              .on('lt.ends_at', 'is', null),
          )
          .select([
            'm.role',
            'm.cluster_id',
            'c.name as cluster_name',
            'u.id as unit_id',
            'u.name as unit_name',
            'u.kind as unit_kind',
            'lt.id as term_id',
          ])
          .whereRef('m.person_id', '=', 'p.id')
          .where('m.revoked_at', 'is', null)
          .where('u.active', '=', true)
          .orderBy('m.id'),
      ).as('memberships'),
    )
    .where('p.telegram_user_id', '=', telegramUserId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { memberships, ...person } = row;
  return actorFrom(
    person,
    memberships.map((r) => ({
      role: r.role,
      clusterId: r.cluster_id,
      clusterName: r.cluster_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      unitKind: r.unit_kind,
      unitIsLeader: r.term_id !== null,
    })),
  );
}

/** Someone else's rights, e.g. to set their menu after the leader role moved. */
export async function loadActorById(db: Db, personId: number): Promise<Actor | undefined> {
  const person = await findPersonById(db, personId);
  return person && actorOf(db, person);
}

async function actorOf(db: Db, person: Person): Promise<Actor | undefined> {
  return actorFrom(person, await activeMemberships(db, person.id));
}

function actorFrom(person: Person, memberships: Membership[]): Actor | undefined {
  if (memberships.length === 0) return undefined;
  const ref = (m: (typeof memberships)[number]): UnitRef => ({
    clusterId: m.clusterId,
    clusterName: m.clusterName,
    unitId: m.unitId,
    unitName: m.unitName,
  });
  // The leader's own unit reports too, so its leader may file that report.
  const reporting = memberships.find(
    (m) => m.unitKind === REPORTING_UNIT_KIND && (m.role === 'contact' || m.unitIsLeader),
  );
  const leading = memberships.find((m) => m.role === 'leader' && m.unitIsLeader);
  return { person, memberships, reportingUnit: reporting && ref(reporting), leaderOf: leading && ref(leading) };
}
