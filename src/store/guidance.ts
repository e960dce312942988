import type { Db } from '../db/connect.js';
import type { Recipient } from './people.js';
import { audit } from './audit.js';

export interface NewGuidance {
  clusterId: number;
  senderUnitId: number;
  authorId: number;
  body: string;
  recipients: Recipient[];
  now: Date;
}

/** Records the message and one pending delivery per recipient, before anything is sent. */
export async function createGuidance(db: Db, input: NewGuidance): Promise<{ guidanceId: number; deliveries: { id: number; recipient: Recipient }[] }> {
  return db.transaction().execute((trx) => insertGuidance(trx, input));
}

/** The inserts of `createGuidance`, for a caller that records more in the same transaction. */
export async function insertGuidance(trx: Db, input: NewGuidance): Promise<{ guidanceId: number; deliveries: { id: number; recipient: Recipient }[] }> {
  const { id: guidanceId } = await trx
    .insertInto('guidance_messages')
    .values({ cluster_id: input.clusterId, sender_unit_id: input.senderUnitId, author_id: input.authorId, body: input.body, created_at: input.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const deliveries = [];
  for (const recipient of input.recipients) {
    const { id } = await trx
      .insertInto('guidance_deliveries')
      .values({ guidance_id: guidanceId, person_id: recipient.personId, unit_id: recipient.unitId, status: 'pending' })
      .returning('id')
      .executeTakeFirstOrThrow();
    deliveries.push({ id, recipient });
  }
  await audit(trx, {
    clusterId: input.clusterId,
    actorPersonId: input.authorId,
    actor: `person:${input.authorId}`,
    action: 'guidance.create',
    details: { guidanceId, recipients: input.recipients.length },
  });
  return { guidanceId, deliveries };
}

export async function recordDelivery(
  db: Db,
  deliveryId: number,
  outcome: { ok: true; messageId: number; at: Date } | { ok: false; error: string; at: Date },
): Promise<void> {
  await db
    .updateTable('guidance_deliveries')
    .set(
      outcome.ok
        ? { status: 'sent', telegram_message_id: outcome.messageId, attempted_at: outcome.at, error: null }
        : { status: 'failed', error: outcome.error, attempted_at: outcome.at },
    )
    .where('id', '=', deliveryId)
    .execute();
}

/** "Received" pressed: only the delivery's own recipient can acknowledge it. */
export async function acknowledgeDelivery(db: Db, deliveryId: number, personId: number, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('guidance_deliveries')
    .set({ acknowledged_at: at })
    .where('id', '=', deliveryId)
    .where('person_id', '=', personId)
    .where('acknowledged_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Every delivery of a guidance message of this cluster, with the person and unit; undefined if none. */
export async function deliveriesOf(db: Db, clusterId: number, guidanceId: number) {
  const rows = await db
    .selectFrom('guidance_deliveries as d')
    .innerJoin('guidance_messages as g', 'g.id', 'd.guidance_id')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.id', 'd.status', 'd.acknowledged_at as acknowledgedAt', 'p.id as personId', 'p.chat_id as chatId', 'p.full_name as personName', 'u.id as unitId', 'u.name as unitName'])
    .where('d.guidance_id', '=', guidanceId)
    .where('g.cluster_id', '=', clusterId)
    .orderBy('u.position')
    .orderBy('d.id')
    .execute();
  return rows.length ? rows : undefined;
}
