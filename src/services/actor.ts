import type { Db } from '../db/connect.js';
import { REPORTING_UNIT_KIND } from '../store/clusters.js';
import type { Person } from '../db/schema.js';
import type { Membership } from '../store/people.js';
import { findPersonWithMemberships } from '../store/people.js';
import { claimUpdateReadingPerson, type ClaimWithPerson } from '../store/updates.js';

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
  const found = await findPersonWithMemberships(db, { telegramUserId });
  return found && actorFrom(found.person, found.memberships);
}

/**
 * `loadActor` for an incoming update, in the statement that claims the update (see
 * bot/once.ts) and, if `withConversation`, reads the actor's open prompt too (and with
 * `withReport`, the report a form names): one round trip.
 */
export async function loadActorClaimingUpdate(
  db: Db,
  input: Parameters<typeof claimUpdateReadingPerson>[1],
): Promise<Omit<ClaimWithPerson, 'found'> & { actor?: Actor }> {
  const { claim, found, conversation, report } = await claimUpdateReadingPerson(db, input);
  const actor = found && actorFrom(found.person, found.memberships);
  if (!actor) return { claim };
  return { claim, actor, ...(conversation === undefined ? {} : { conversation }), ...(report ? { report } : {}) };
}

/** Someone else's rights, e.g. to set their menu after the leader role moved. */
export async function loadActorById(db: Db, personId: number): Promise<Actor | undefined> {
  const found = await findPersonWithMemberships(db, { personId });
  return found && actorFrom(found.person, found.memberships);
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
