import { describe, expect, it } from 'vitest';
import { InvalidInput, NotEntitled, Stale } from '../../src/services/errors.js';
import { inviteContact, unitsToInvite } from '../../src/services/invites.js';
import { peopleOfUnit, personToRemove, removePerson, unitsWithPeopleCount } from '../../src/services/people.js';
import { fixturePerTest } from '../support/services.js';

describe('people and invites services', () => {
  const f = fixturePerTest({ now: '2026-11-20T03:00:00Z' });

  it('lists the units with their people and removes one, audited; a second removal is stale', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    await f.member(202, 'Hoa', 'HYN', 'contact');
    const hyn = await f.unitId('HYN');

    const counts = await unitsWithPeopleCount(f.deps, leader);
    expect(counts.find((c) => c.unit.id === hyn)?.count).toBe(2);
    expect((await personToRemove(f.deps, leader, { unitId: hyn, personId: lan.person.id })).person.fullName).toBe(
      'Lan',
    );

    const result = await removePerson(f.deps, leader, { unitId: hyn, personId: lan.person.id });
    expect(result).toMatchObject({ person: { fullName: 'Lan' }, left: 1 });
    expect((await peopleOfUnit(f.deps, leader, hyn)).people.map((p) => p.fullName)).toEqual(['Hoa']);
    const audit = await f.db.selectFrom('audit_log').select(['action']).where('action', '=', 'person.remove').execute();
    expect(audit).toHaveLength(1);

    await expect(removePerson(f.deps, leader, { unitId: hyn, personId: lan.person.id })).rejects.toEqual(
      new Stale('not_member'),
    );
  });

  it('refuses a contact, the leader removing themselves, and a unit of no cluster the leader leads', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    const hyn = await f.unitId('HYN');
    await expect(unitsWithPeopleCount(f.deps, lan)).rejects.toBeInstanceOf(NotEntitled);
    await expect(removePerson(f.deps, lan, { unitId: hyn, personId: leader.person.id })).rejects.toBeInstanceOf(
      NotEntitled,
    );
    await expect(
      removePerson(f.deps, leader, { unitId: await f.unitId('LEAD'), personId: leader.person.id }),
    ).rejects.toBeInstanceOf(InvalidInput);
    await expect(peopleOfUnit(f.deps, leader, 999_999)).rejects.toBeInstanceOf(Stale);
    expect((await peopleOfUnit(f.deps, leader, hyn)).people).toHaveLength(1);
  });

  it('makes an invite for a unit of the cluster, valid 14 days, and counts the others still open', async () => {
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const hyn = await f.unitId('HYN');
    expect((await unitsToInvite(f.deps, leader)).map((u) => u.id)).toContain(hyn);
    const first = await inviteContact(f.deps, leader, hyn);
    expect(first.expiresAt.toISOString()).toBe('2026-12-04T03:00:00.000Z');
    const second = await inviteContact(f.deps, leader, hyn);
    expect(second.code).not.toBe(first.code);
    expect(second.stillValid).toBe(1);
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    await expect(inviteContact(f.deps, lan, hyn)).rejects.toBeInstanceOf(NotEntitled);
  });
});
