import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { redeemInvite } from '../../src/store/invites.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/database.js';
import { runCompiled } from '../support/compiled.js';
import { FIXTURE_CONFIG } from '../support/harness.js';

/** The compiled admin CLI, run as `npm run admin` runs it. */
const admin = (args: string[], env: Record<string, string>) => runCompiled('src/cli/admin.js', args, env);

/** Each invite printed: unit code, role, unit name and its one-time code. */
function invitesIn(stdout: string): { unit: string; role: string; code: string }[] {
  return [...stdout.matchAll(/^(\S+)\s+(contact|leader)\s+.+\n\s+code (\S+)/gm)].map((m) => ({
    unit: m[1]!,
    role: m[2]!,
    code: m[3]!,
  }));
}

describe(`admin CLI: invite sets and removing a person (${databaseKind})`, () => {
  let dataDir: string;
  let postgres: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'admin-people-'));
    postgres = databaseKind === 'postgres' ? await createTestDatabase() : undefined;
    env = {
      CLUSTER_CONFIG: FIXTURE_CONFIG,
      BOT_USERNAME: 'cum_test_bot',
      ...(postgres ? { DATABASE_URL: postgres.url! } : { DATA_DIR: dataDir }),
    };
  }, 60_000);
  afterAll(async () => {
    await postgres?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The CLI holds the embedded database while it runs: the test opens it only in between. */
  async function withDb<T>(work: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
    if (postgres) return work(postgres.db);
    const handle = await openDatabase({ dataDir });
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  it('invite --all twice leaves only the second set working and says how many it revoked', async () => {
    expect((await admin(['sync'], env)).code).toBe(0);
    const first = await admin(['invite', '--all'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('No older unused links to revoke.');
    const second = await admin(['invite', '--all'], env);
    expect(second.stdout).toContain('Revoked 4 older unused link(s) of the same units and roles: they no longer work.');
    const [old, fresh] = [invitesIn(first.stdout), invitesIn(second.stdout)];
    expect(fresh.map((i) => `${i.unit}/${i.role}`)).toEqual([
      'HYN/contact',
      'TBH/contact',
      'LEAD/contact',
      'LEAD/leader',
    ]);
    await withDb(async (db) => {
      const now = new Date();
      expect(await redeemInvite(db, old[1]!.code, { id: 501, first_name: 'Minh' }, now)).toEqual({
        ok: false,
        reason: 'revoked',
      });
      expect(await redeemInvite(db, fresh[1]!.code, { id: 501, first_name: 'Minh' }, now)).toMatchObject({
        ok: true,
        unitName: 'Hội CCB tỉnh Thái Bình',
      });
    });

    // One more link for a unit adds a link, and says the unused one still works; --replace revokes it.
    const more = await admin(['invite', '--unit', 'HYN'], env);
    expect(more.stdout).toContain(
      'Note: 1 older unused contact link(s) of HYN still work as well; add --replace to revoke them.',
    );
    const replaced = await admin(['invite', '--unit', 'HYN', '--replace'], env);
    expect(replaced.stdout).toContain('Revoked 2 older unused link(s)');
  }, 120_000);

  it('people lists each unit with Telegram ids; remove-person takes one off, audited', async () => {
    const people = await admin(['people', '--unit', 'TBH'], env);
    expect(people.code).toBe(0);
    expect(people.stdout).toContain('TBH    Hội CCB tỉnh Thái Bình: 1 person');
    expect(people.stdout).toMatch(/telegram-id 501\s+Minh, contact, since \d\d\/\d\d\/\d{4}/);

    const missing = await admin(['remove-person', '--unit', 'TBH'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('telegram-id: is required');
    expect(missing.stderr).not.toMatch(/^\s+at /m);
    const nobody = await admin(['remove-person', '--unit', 'TBH', '--telegram-id', '999'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('--telegram-id: nobody with Telegram id 999 in TBH');
    const unknown = await admin(['remove-person', '--unit', 'NOPE', '--telegram-id', '501'], env);
    expect(unknown.stderr).toContain('--unit: no active unit "NOPE" in cluster test; known: HYN, TBH, LEAD');

    const removed = await admin(['remove-person', '--unit', 'tbh', '--telegram-id', '501'], env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed Minh (telegram-id 501, contact) from TBH Hội CCB tỉnh Thái Bình.');
    expect(removed.stdout).toContain(
      'They are now a stranger to the bot; messages still waiting for them will not be sent.',
    );
    expect(removed.stdout).toContain('Nobody of TBH receives messages now');
    expect((await admin(['people', '--unit', 'TBH'], env)).stdout).toContain(
      'TBH    Hội CCB tỉnh Thái Bình: nobody yet',
    );
    await withDb(async (db) => {
      const audit = await db
        .selectFrom('audit_log')
        .select(['actor', 'details'])
        .where('action', '=', 'person.remove')
        .execute();
      expect(audit).toEqual([
        { actor: 'cli', details: expect.objectContaining({ name: 'Minh', telegramUserId: 501, roles: ['contact'] }) },
      ]);
      const active = await db.selectFrom('memberships').select('id').where('revoked_at', 'is', null).execute();
      expect(active).toEqual([]);
    });
  }, 120_000);
});
