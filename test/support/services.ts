/**
 * Services called directly, on a real database and no Telegram: the example cluster
 * (test/fixtures/cluster.yaml) synced into a fresh database, a clock the test moves, and an
 * outbox that only queues (what it queued is read back with `queued`).
 */
import type { Db } from '../../src/db/connect.js';
import type { Role } from '../../src/db/schema.js';
import { queueingOutbox } from '../../src/delivery/sender.js';
import { silentLogger } from '../../src/log.js';
import { loadActorById, type Actor } from '../../src/services/actor.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { findUnitByCode } from '../../src/store/clusters.js';
import { addMembership, upsertPerson } from '../../src/store/people.js';
import { createSyncedTestDatabase } from './database.js';
import { FIXTURE_CONFIG, TestClock } from './harness.js';
import { perTest } from './per-test.js';

export interface ServiceFixture {
  deps: ServiceDeps;
  db: Db;
  clock: TestClock;
  clusterId: number;
  /** The id of the fixture's unit with this code (LEAD, HYN, TBH, ...). */
  unitId(code: string): Promise<number>;
  /** A person with this Telegram id and name, made a member of the unit; returns them as an actor. */
  member(telegramId: number, name: string, unitCode: string, role?: Role): Promise<Actor>;
  /** Messages queued so far, oldest first: who they go to and their text (or caption). */
  queued(): Promise<{ chatId: number; text: string }[]>;
  close(): Promise<void>;
}

export async function serviceFixture(options: { now: string; configPath?: string }): Promise<ServiceFixture> {
  const { database, clusterId } = await createSyncedTestDatabase(options.configPath ?? FIXTURE_CONFIG);
  const { db } = database;
  const clock = new TestClock(new Date(options.now));
  const unitId = async (code: string) => {
    const unit = await findUnitByCode(db, clusterId, code);
    if (!unit) throw new Error(`no unit ${code} in the fixture`);
    return unit.id;
  };
  return {
    deps: { db, clock, log: silentLogger, outbox: queueingOutbox(db) },
    db,
    clock,
    clusterId,
    unitId,
    async member(telegramId, name, unitCode, role = 'contact') {
      const person = await upsertPerson(db, { id: telegramId, first_name: name });
      await addMembership(db, { personId: person.id, clusterId, unitId: await unitId(unitCode), role });
      const actor = await loadActorById(db, person.id);
      if (!actor) throw new Error(`${name} has no active role`);
      return actor;
    },
    async queued() {
      const rows = await db.selectFrom('outbox').select(['chat_id', 'payload']).orderBy('id').execute();
      return rows.map((r) => {
        const payload = r.payload as { text?: string; caption?: string };
        return { chatId: Number(r.chat_id), text: payload.text ?? payload.caption ?? '' };
      });
    },
    close: () => database.close(),
  };
}

/** A service fixture made before each test of the enclosing suite and closed after it (see perTest). */
export function fixturePerTest(options: Parameters<typeof serviceFixture>[0]): ServiceFixture {
  return perTest(
    () => serviceFixture(options),
    (fixture) => fixture.close(),
  );
}
