/**
 * Services called directly, on a real database and no Telegram: the example cluster
 * (test/fixtures/cluster.yaml) synced into a fresh database, a clock the test moves, and an
 * outbox that only queues (what it queued is read back with `queued`).
 */
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { openDatabase, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Period, Role } from '../../src/db/schema.js';
import { queueingOutbox } from '../../src/delivery/sender.js';
import { silentLogger } from '../../src/log.js';
import { loadActorById, type Actor } from '../../src/services/actor.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import {
  findUnitByCode,
  listActiveSchedules,
  syncClusterConfig,
  type ActiveSchedule,
} from '../../src/store/clusters.js';
import { ensurePeriod } from '../../src/store/periods.js';
import { findOrStartDraft, saveAnswer, submitReport } from '../../src/store/reports.js';
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

/**
 * The fixture on a fresh synced database (PGlite in memory, or a schema of TEST_DATABASE_URL);
 * with `dataDir` (embedded only: the benchmark's) on PGlite in that folder, as the bot runs,
 * where the data lives on disk rather than in the process's memory.
 */
export async function serviceFixture(options: {
  now: string;
  configPath?: string;
  dataDir?: string;
}): Promise<ServiceFixture> {
  const configPath = options.configPath ?? FIXTURE_CONFIG;
  const { database, clusterId } =
    options.dataDir && !process.env.TEST_DATABASE_URL
      ? await openSyncedFolder(options.dataDir, configPath)
      : await createSyncedTestDatabase(configPath);
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

async function openSyncedFolder(dataDir: string, configPath: string) {
  const database = await openDatabase({ dataDir });
  await migrateToLatest(database.db);
  const { clusterId } = await syncClusterConfig(database.db, await loadClusterConfig(configPath), 'test');
  return { database, clusterId };
}

/** A service fixture made before each test of the enclosing suite and closed after it (see perTest). */
export function fixturePerTest(options: Parameters<typeof serviceFixture>[0]): ServiceFixture {
  return perTest(
    () => serviceFixture(options),
    (fixture) => fixture.close(),
  );
}

/**
 * A report of the fixture's first schedule filed through the store, the way the summary
 * tests need months of them without the chat: the period containing the 10th of `month`
 * ("2026-02"), answered with `values` by `personId` at `at`, then submitted unless `submit` is
 * false. Returns the period and the schedule.
 */
export async function fileReport(
  f: ServiceFixture,
  input: {
    unit: string;
    month: string;
    values: Record<string, number | string>;
    personId: number;
    at: Date;
    submit?: boolean;
  },
): Promise<{ period: Period; schedule: ActiveSchedule }> {
  const [schedule] = await listActiveSchedules(f.db, f.clusterId);
  const period = (await ensurePeriod(f.db, schedule!, new Date(`${input.month}-10T03:00:00Z`)))!;
  const report = await findOrStartDraft(f.db, {
    clusterId: f.clusterId,
    periodId: period.id,
    unitId: await f.unitId(input.unit),
    templateId: schedule!.template.id,
    personId: input.personId,
    now: input.at,
  });
  for (const [key, value] of Object.entries(input.values))
    await saveAnswer(f.db, report.id, key, value, input.personId, input.at);
  if (input.submit !== false) await submitReport(f.db, report.id, input.personId, input.at);
  return { period, schedule: schedule! };
}
