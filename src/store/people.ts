import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { sql } from 'kysely';
import { cleanText } from '../domain/text.js';
import type { Db } from '../db/connect.js';
import type { Person, Role } from '../db/schema.js';

export interface TelegramIdentity {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
}

export function displayName(user: TelegramIdentity): string {
  // Profile names are the person's own text: cleaned here too, whoever calls (see cleanText).
  const [first, last, username] = [user.first_name, user.last_name, user.username].map((t) =>
    t === undefined ? undefined : cleanText(t),
  );
  return [first, last].filter(Boolean).join(' ').trim() || username || String(user.id);
}

export async function findPersonById(db: Db, personId: number): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst();
}

export async function findPersonByTelegramId(db: Db, telegramUserId: number): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('telegram_user_id', '=', telegramUserId).executeTakeFirst();
}

/** Private chats only, so the chat id is the user id. */
export async function upsertPerson(db: Db, user: TelegramIdentity): Promise<Person> {
  return db
    .insertInto('people')
    .values({
      telegram_user_id: user.id,
      chat_id: user.id,
      full_name: displayName(user),
      username: user.username ?? null,
    })
    .onConflict((oc) =>
      oc.column('telegram_user_id').doUpdateSet({
        full_name: displayName(user),
        username: user.username ?? null,
        reachable: true,
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setReachable(db: Db, personId: number, reachable: boolean): Promise<void> {
  await db.updateTable('people').set({ reachable, updated_at: new Date() }).where('id', '=', personId).execute();
}

export interface Membership {
  role: Role;
  clusterId: number;
  clusterName: string;
  unitId: number;
  unitName: string;
  unitKind: string;
  /** True while the member's unit holds the cluster's leader term. */
  unitIsLeader: boolean;
}

export async function activeMemberships(db: Db, personId: number): Promise<Membership[]> {
  return (await findPersonWithMemberships(db, { personId }))?.memberships ?? [];
}

/**
 * A person (by Telegram user id or by id) with their active memberships, in one statement: it
 * runs for every update (services/actor.ts). Undefined when there is no such person.
 */
export async function findPersonWithMemberships(
  db: Db,
  by: { telegramUserId: number } | { personId: number },
): Promise<{ person: Person; memberships: Membership[] } | undefined> {
  const row = await personWithMembershipsQuery(db, by).executeTakeFirst();
  if (!row) return undefined;
  const { memberships, ...person } = row;
  return { person, memberships: membershipsFrom(memberships) };
}

/** The query of `findPersonWithMemberships`: the person's columns and `memberships` (a JSON array), to read alone or inside a larger statement. */
export function personWithMembershipsQuery(db: Db, by: { telegramUserId: number } | { personId: number }) {
  return db
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
    .$if('telegramUserId' in by, (q) =>
      q.where('p.telegram_user_id', '=', (by as { telegramUserId: number }).telegramUserId),
    )
    .$if('personId' in by, (q) => q.where('p.id', '=', (by as { personId: number }).personId));
}

/** The `memberships` column of `personWithMembershipsQuery`, as Membership values. */
export type MembershipRows = Awaited<
  ReturnType<ReturnType<typeof personWithMembershipsQuery>['executeTakeFirstOrThrow']>
>['memberships'];

/** Reads the `memberships` column of `personWithMembershipsQuery`. */
export function membershipsFrom(rows: MembershipRows): Membership[] {
  return rows.map((r) => ({
    role: r.role,
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitKind: r.unit_kind,
    unitIsLeader: r.term_id !== null,
  }));
}

export async function addMembership(
  db: Db,
  m: { personId: number; clusterId: number; unitId: number; role: Role },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ person_id: m.personId, cluster_id: m.clusterId, unit_id: m.unitId, role: m.role })
    .onConflict((oc) => oc.columns(['person_id', 'unit_id', 'role']).where('revoked_at', 'is', null).doNothing())
    .execute();
}

export interface Recipient {
  personId: number;
  chatId: number;
  fullName: string;
  unitId: number;
  unitName: string;
  /** False once Telegram said the person cannot be reached (blocked the bot, deleted account). */
  reachable?: boolean;
}

/** The cluster's current memberships with their person and unit, as Recipient columns. */
function membersOf(db: Db, clusterId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'p.id as personId',
      'p.chat_id as chatId',
      'p.full_name as fullName',
      'u.id as unitId',
      'u.name as unitName',
      'p.reachable',
    ])
    .where('m.cluster_id', '=', clusterId)
    .where('m.revoked_at', 'is', null);
}

/** Everyone registered for a unit of the cluster (any role), once each. */
export async function clusterRecipients(
  db: Db,
  clusterId: number,
  options: { unitIds?: number[]; roles?: Role[] } = {},
): Promise<Recipient[]> {
  const rows = await membersOf(db, clusterId)
    .where('u.active', '=', true)
    .$if(options.unitIds !== undefined, (q) =>
      q.where('m.unit_id', 'in', options.unitIds!.length ? options.unitIds! : [-1]),
    )
    .$if(options.roles !== undefined, (q) => q.where('m.role', 'in', options.roles!))
    .orderBy('u.position')
    .orderBy('p.id')
    .execute();
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.personId) && seen.add(r.personId));
}

/** The people who currently hold the cluster leader's desk. */
export async function leaderRecipients(db: Db, clusterId: number): Promise<Recipient[]> {
  return membersOf(db, clusterId)
    .innerJoin('leader_terms as lt', (join) => join.onRef('lt.unit_id', '=', 'm.unit_id').on('lt.ends_at', 'is', null))
    .where('m.role', '=', 'leader')
    .execute();
}

/**
 * The unit's primary contact, who gets the early reminders: the one who last took the
 * role ("Nhận nhắc sớm"), else the first contact who joined.
 */
export async function primaryContact(db: Db, unitId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('unit_id', '=', unitId)
    .where('role', '=', 'contact')
    .where('revoked_at', 'is', null)
    .orderBy(sql`primary_since desc nulls last`)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.person_id;
}

export async function makePrimaryContact(db: Db, personId: number, unitId: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('memberships')
    .set({ primary_since: now })
    .where('person_id', '=', personId)
    .where('unit_id', '=', unitId)
    .where('role', '=', 'contact')
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The name of the unit a person belongs to in this cluster (any active membership, even of a unit since removed). */
export async function findMemberUnitName(db: Db, personId: number, clusterId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select('u.name')
    .where('m.person_id', '=', personId)
    .where('m.cluster_id', '=', clusterId)
    .where('m.revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.name;
}

/**
 * Marks the person (by id), or everyone with this chat, unreachable (Telegram refused them:
 * blocked the bot, deleted account); returns those who were reachable until now.
 */
export async function markUnreachable(
  db: Db,
  who: { personId: number } | { chatId: number },
  now: Date,
): Promise<number[]> {
  const rows = await db
    .updateTable('people')
    .set({ reachable: false, updated_at: now })
    .where((eb) => ('personId' in who ? eb('id', '=', who.personId) : eb('chat_id', '=', who.chatId)))
    .where('reachable', '=', true)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The clusters the person belongs to now (any role, any unit). */
export async function listMemberClusters(db: Db, personId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('cluster_id')
    .distinct()
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.cluster_id);
}
