import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/services/actor.js';
import { loadClusterConfig, type ClusterConfig } from '../../src/config/cluster-config.js';
import type { Db } from '../../src/db/connect.js';
import type { Role } from '../../src/db/schema.js';
import { currentLeaderUnit, findUnitByCode, syncClusterConfig } from '../../src/store/clusters.js';
import { findConversation, setConversation } from '../../src/store/conversations.js';
import { createInvite } from '../../src/store/invites.js';
import { rotateLeader } from '../../src/store/leadership.js';
import { addMembership, leaderRecipients, upsertPerson } from '../../src/store/people.js';
import { databasePerTest } from '../support/database.js';
import { FIXTURE_CONFIG } from '../support/harness.js';

const NOW = new Date('2026-11-20T03:00:00Z');

describe('rotateLeader', () => {
  let db: Db;
  let config: ClusterConfig;
  let clusterId: number;
  const unit = async (code: string) => (await findUnitByCode(db, clusterId, code))!.id;
  async function member(telegramId: number, name: string, code: string, role: Role) {
    const person = await upsertPerson(db, { id: telegramId, first_name: name });
    await addMembership(db, { personId: person.id, clusterId, unitId: await unit(code), role });
    return person.id;
  }
  const roles = async () =>
    (
      await db
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .innerJoin('units as u', 'u.id', 'm.unit_id')
        .select(['p.full_name', 'u.code', 'm.role'])
        .where('m.revoked_at', 'is', null)
        .orderBy('p.id')
        .orderBy('m.id')
        .execute()
    ).map((r) => `${r.full_name}@${r.code}:${r.role}`);

  const database = databasePerTest();
  beforeEach(async () => {
    db = database.db;
    config = await loadClusterConfig(FIXTURE_CONFIG);
    clusterId = (await syncClusterConfig(db, config, 'test')).clusterId;
  });

  it('moves the term and the rights to the new unit, keeps the former leaders as contacts, and audits it', async () => {
    const luyen = await member(100, 'Luyện', 'LEAD', 'leader');
    await member(101, 'Nga', 'LEAD', 'contact');
    const lan = await member(201, 'Lan', 'HYN', 'contact');
    const hoa = await member(203, 'Hoa', 'HYN', 'contact');
    await member(202, 'Minh', 'TBH', 'contact');
    const before = (await db.selectFrom('leader_terms').selectAll().executeTakeFirstOrThrow()).id;

    const result = await rotateLeader(db, {
      clusterId,
      toUnitId: await unit('HYN'),
      actor: 'person:1',
      actorPersonId: luyen,
      expectedTermId: before,
      now: NOW,
    });

    expect(result).toMatchObject({
      ok: true,
      from: { code: 'LEAD' },
      to: { code: 'HYN' },
      promoted: [lan, hoa],
      demoted: [luyen],
      invitesChanged: 0,
    });
    expect(await roles()).toEqual([
      'Luyện@LEAD:contact',
      'Nga@LEAD:contact',
      'Lan@HYN:leader',
      'Hoa@HYN:leader',
      'Minh@TBH:contact',
    ]);
    const terms = await db.selectFrom('leader_terms').selectAll().orderBy('id').execute();
    expect(terms.map((t) => [t.unit_id, t.ends_at])).toEqual([
      [await unit('LEAD'), NOW],
      [await unit('HYN'), null],
    ]);
    expect(terms[1]!.starts_at).toEqual(NOW);
    expect((await currentLeaderUnit(db, clusterId))?.code).toBe('HYN');
    expect((await leaderRecipients(db, clusterId)).map((r) => r.fullName)).toEqual(['Lan', 'Hoa']);

    // The rights follow: the former leader reports for the own unit only; the new one leads and reports.
    const former = (await loadActor(db, 100))!;
    expect(former.leaderOf).toBeUndefined();
    expect(former.reportingUnit?.unitName).toBe('Hội CCB tỉnh Nam Định');
    const next = (await loadActor(db, 201))!;
    expect(next.leaderOf?.unitName).toBe('Hội CCB tỉnh Hưng Yên');
    expect(next.reportingUnit?.unitName).toBe('Hội CCB tỉnh Hưng Yên');

    // The first entry is the config's initial leader, the second this handover.
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'leader.rotate')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.details)).toMatchObject([
      { from: null, to: 'LEAD' },
      { from: 'LEAD', to: 'HYN', endedTermId: before, promoted: [lan, hoa], demoted: [luyen] },
    ]);
    expect(audit[1]).toMatchObject({ cluster_id: clusterId, actor: 'person:1', actor_person_id: luyen });
  });

  it('refuses the unit already leading, an unknown or inactive unit, and a stale confirmation, changing nothing', async () => {
    await member(100, 'Luyện', 'LEAD', 'leader');
    const term = (await db.selectFrom('leader_terms').selectAll().executeTakeFirstOrThrow()).id;
    const snapshot = async () => ({
      roles: await roles(),
      terms: await db.selectFrom('leader_terms').selectAll().execute(),
      audit: await db.selectFrom('audit_log').select('action').where('action', '=', 'leader.rotate').execute(),
    });
    const before = await snapshot();

    expect(await rotateLeader(db, { clusterId, toUnitId: await unit('LEAD'), actor: 'cli', now: NOW })).toMatchObject({
      ok: false,
      reason: 'same_unit',
      current: { code: 'LEAD' },
    });
    expect(await rotateLeader(db, { clusterId, toUnitId: clusterId, actor: 'cli', now: NOW })).toEqual({
      ok: false,
      reason: 'unknown_unit',
    });
    expect(await rotateLeader(db, { clusterId, toUnitId: 999_999, actor: 'cli', now: NOW })).toEqual({
      ok: false,
      reason: 'unknown_unit',
    });
    expect(
      await rotateLeader(db, {
        clusterId,
        toUnitId: await unit('HYN'),
        actor: 'cli',
        expectedTermId: term + 1,
        now: NOW,
      }),
    ).toMatchObject({ ok: false, reason: 'stale', current: { code: 'LEAD' } });
    // A unit removed from the config cannot take over.
    const tbh = await unit('TBH');
    await syncClusterConfig(db, { ...config, units: config.units.filter((u) => u.code !== 'TBH') }, 'test');
    expect(await rotateLeader(db, { clusterId, toUnitId: tbh, actor: 'cli', now: NOW })).toEqual({
      ok: false,
      reason: 'unknown_unit',
    });

    expect(await snapshot()).toEqual(before);
    // A second confirmation of the same handover is stale too.
    expect(
      (await rotateLeader(db, { clusterId, toUnitId: await unit('HYN'), actor: 'cli', expectedTermId: term, now: NOW }))
        .ok,
    ).toBe(true);
    expect(
      await rotateLeader(db, { clusterId, toUnitId: await unit('HYN'), actor: 'cli', expectedTermId: term, now: NOW }),
    ).toMatchObject({ ok: false, reason: 'stale', current: { code: 'HYN' } });
  });

  it('keeps one membership per person and role, re-routes unused leader invites, and drops leader-only drafts', async () => {
    const luyen = await member(100, 'Luyện', 'LEAD', 'leader');
    await addMembership(db, { personId: luyen, clusterId, unitId: await unit('LEAD'), role: 'contact' });
    const lan = await member(201, 'Lan', 'HYN', 'contact');
    const nga = await member(101, 'Nga', 'LEAD', 'leader');
    const hai = await member(102, 'Hải', 'LEAD', 'leader');
    const ha = await member(103, 'Hà', 'LEAD', 'leader');
    await setConversation(db, luyen, { kind: 'guidance_compose', clusterId }, NOW);
    // An answer in a unit's thread written as the leader goes; one written for their own unit stays.
    await setConversation(
      db,
      hai,
      { kind: 'thread_message', periodId: 1, unitId: await unit('HYN'), side: 'leader' },
      NOW,
    );
    await setConversation(
      db,
      ha,
      { kind: 'thread_message', periodId: 1, unitId: await unit('LEAD'), side: 'unit' },
      NOW,
    );
    await setConversation(db, nga, { kind: 'report', reportId: 1, editing: false }, NOW);
    await setConversation(db, lan, { kind: 'extension_request', periodId: 1 }, NOW);
    const invite = (role: Role, code: string) =>
      unit(code).then((unitId) =>
        createInvite(db, { clusterId, unitId, role, createdBy: 'test', now: NOW, validDays: 14 }),
      );
    const pending = await invite('leader', 'LEAD');
    const expired = await createInvite(db, {
      clusterId,
      unitId: await unit('LEAD'),
      role: 'leader',
      createdBy: 'test',
      now: new Date('2026-10-01T00:00:00Z'),
      validDays: 14,
    });
    const contactLink = await invite('contact', 'HYN');

    const result = await rotateLeader(db, { clusterId, toUnitId: await unit('HYN'), actor: 'cli', now: NOW });
    expect(result).toMatchObject({ ok: true, promoted: [lan], demoted: [luyen, nga, hai, ha], invitesChanged: 1 });
    expect(await roles()).toEqual([
      'Luyện@LEAD:contact',
      'Lan@HYN:leader',
      'Nga@LEAD:contact',
      'Hải@LEAD:contact',
      'Hà@LEAD:contact',
    ]);
    expect(await findConversation(db, hai)).toBeUndefined();
    expect((await findConversation(db, ha))?.state.kind).toBe('thread_message');
    const invites = await db.selectFrom('invites').select(['code', 'role']).execute();
    const roleOf = (code: string) => invites.find((i) => i.code === code)?.role;
    expect([roleOf(pending.code), roleOf(expired.code), roleOf(contactLink.code)]).toEqual([
      'contact',
      'leader',
      'contact',
    ]);
    expect(await findConversation(db, luyen)).toBeUndefined();
    expect((await findConversation(db, nga))?.state.kind).toBe('report');
    expect((await findConversation(db, lan))?.state.kind).toBe('extension_request');
  });

  it('lets only one of two simultaneous confirmations through (a second process on Postgres)', async (context) => {
    if (!database.reopen) return context.skip();
    const second = await database.reopen();
    try {
      await member(100, 'Luyện', 'LEAD', 'leader');
      const term = (await db.selectFrom('leader_terms').selectAll().executeTakeFirstOrThrow()).id;
      const [hyn, tbh] = [await unit('HYN'), await unit('TBH')];
      const results = await Promise.all([
        rotateLeader(db, { clusterId, toUnitId: hyn, actor: 'a', expectedTermId: term, now: NOW }),
        rotateLeader(second.db, { clusterId, toUnitId: tbh, actor: 'b', expectedTermId: term, now: NOW }),
      ]);
      expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
      expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'stale' });
      expect(await db.selectFrom('leader_terms').select('id').execute()).toHaveLength(2);
    } finally {
      await second.close();
    }
  });

  it("passes through the caller's transaction: a rollback undoes the handover", async () => {
    await member(100, 'Luyện', 'LEAD', 'leader');
    const hyn = await unit('HYN');
    await expect(
      db.transaction().execute(async (trx) => {
        expect((await rotateLeader(trx, { clusterId, toUnitId: hyn, actor: 'cli', now: NOW })).ok).toBe(true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await currentLeaderUnit(db, clusterId))?.code).toBe('LEAD');
    expect(await roles()).toEqual(['Luyện@LEAD:leader']);
  });
});

describe('config sync and the leader', () => {
  let db: Db;
  let config: ClusterConfig;
  const database = databasePerTest();
  beforeEach(async () => {
    db = database.db;
    config = await loadClusterConfig(FIXTURE_CONFIG);
  });
  const withLeader = (leader: string, units = config.units): ClusterConfig => ({
    ...config,
    cluster: { ...config.cluster, leader },
    units,
  });

  it('sets the first leader from the config, then never undoes a handover', async () => {
    const first = await syncClusterConfig(db, config, 'test');
    expect(first.leaderChanged).toBe(true);
    const clusterId = first.clusterId;
    const hyn = (await findUnitByCode(db, clusterId, 'HYN'))!.id;
    expect((await rotateLeader(db, { clusterId, toUnitId: hyn, actor: 'cli', now: NOW })).ok).toBe(true);

    // The file still says LEAD (as after a restart): the database keeps HYN and says so.
    const again = await syncClusterConfig(db, config, 'startup');
    expect(again).toMatchObject({ leaderChanged: false, leaderMismatch: { configured: 'LEAD', current: 'HYN' } });
    expect((await currentLeaderUnit(db, clusterId))?.code).toBe('HYN');
    // Once the file is updated to match, nothing is reported.
    const updated = await syncClusterConfig(db, withLeader('HYN'), 'cli');
    expect(updated.leaderChanged).toBe(false);
    expect(updated.leaderMismatch).toBeUndefined();
    // Naming yet another unit in the file does not move the role either.
    expect((await syncClusterConfig(db, withLeader('TBH'), 'cli')).leaderMismatch).toEqual({
      configured: 'TBH',
      current: 'HYN',
    });
    expect((await currentLeaderUnit(db, clusterId))?.code).toBe('HYN');
    expect(await db.selectFrom('leader_terms').select('id').execute()).toHaveLength(2);
  });

  it('applies the config leader when the leading unit is removed from the file', async () => {
    const { clusterId } = await syncClusterConfig(db, config, 'test');
    const person = await upsertPerson(db, { id: 201, first_name: 'Lan' });
    await addMembership(db, {
      personId: person.id,
      clusterId,
      unitId: (await findUnitByCode(db, clusterId, 'HYN'))!.id,
      role: 'contact',
    });
    const summary = await syncClusterConfig(
      db,
      withLeader(
        'HYN',
        config.units.filter((u) => u.code !== 'LEAD'),
      ),
      'cli',
    );
    expect(summary).toMatchObject({ unitsDeactivated: 1, leaderChanged: true });
    expect(summary.leaderMismatch).toBeUndefined();
    expect((await currentLeaderUnit(db, clusterId))?.code).toBe('HYN');
    // The unit's people lead, as after any handover.
    expect((await loadActor(db, 201))?.leaderOf?.unitName).toBe('Hội CCB tỉnh Hưng Yên');
  });
});
