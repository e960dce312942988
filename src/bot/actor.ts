import type { Db } from '../db/connect.js';
import { REPORTING_UNIT_KIND } from '../store/clusters.js';
import { activeMemberships, findPersonByTelegramId } from '../store/people.js';
import type { Actor, UnitRef } from './context.js';

export async function loadActor(db: Db, telegramUserId: number): Promise<Actor | undefined> {
  const person = await findPersonByTelegramId(db, telegramUserId);
  if (!person) return undefined;
  const memberships = await activeMemberships(db, person.id);
  if (memberships.length === 0) return undefined;
  const ref = (m: (typeof memberships)[number]): UnitRef => ({ clusterId: m.clusterId, clusterName: m.clusterName, unitId: m.unitId, unitName: m.unitName });
  // The leader's own unit reports too, so its leader may file that report.
  const reporting = memberships.find((m) => m.unitKind === REPORTING_UNIT_KIND && (m.role === 'contact' || m.unitIsLeader));
  const leading = memberships.find((m) => m.role === 'leader' && m.unitIsLeader);
  return { person, memberships, reportingUnit: reporting && ref(reporting), leaderOf: leading && ref(leading) };
}
