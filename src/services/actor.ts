import type { Db } from '../db/connect.js';
import { REPORTING_UNIT_KIND } from '../store/clusters.js';
import type { Person } from '../db/schema.js';
import type { Membership } from '../store/people.js';
import { activeMemberships, findPersonById, findPersonByTelegramId } from '../store/people.js';

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

/** The person with this Telegram user id and their active roles; undefined for a stranger or someone removed. */
export async function loadActor(db: Db, telegramUserId: number): Promise<Actor | undefined> {
  const person = await findPersonByTelegramId(db, telegramUserId);
  return person && actorOf(db, person);
}

/** Someone else's rights, e.g. to set their menu after the leader role moved. */
export async function loadActorById(db: Db, personId: number): Promise<Actor | undefined> {
  const person = await findPersonById(db, personId);
  return person && actorOf(db, person);
}

async function actorOf(db: Db, person: Person): Promise<Actor | undefined> {
  const memberships = await activeMemberships(db, person.id);
  if (memberships.length === 0) return undefined;
  const ref = (m: (typeof memberships)[number]): UnitRef => ({ clusterId: m.clusterId, clusterName: m.clusterName, unitId: m.unitId, unitName: m.unitName });
  // The leader's own unit reports too, so its leader may file that report.
  const reporting = memberships.find((m) => m.unitKind === REPORTING_UNIT_KIND && (m.role === 'contact' || m.unitIsLeader));
  const leading = memberships.find((m) => m.role === 'leader' && m.unitIsLeader);
  return { person, memberships, reportingUnit: reporting && ref(reporting), leaderOf: leading && ref(leading) };
}
