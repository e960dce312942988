import { type Db, inTransaction } from '../db/connect.js';
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

/** Records the message and one delivery per recipient, before anything is sent. */
export async function createGuidance(db: Db, input: NewGuidance): Promise<{ guidanceId: number; deliveries: { id: number; recipient: Recipient }[] }> {
  return inTransaction(db, async (trx) => {
    const { id: guidanceId } = await trx
      .insertInto('guidance_messages')
      .values({ cluster_id: input.clusterId, sender_unit_id: input.senderUnitId, author_id: input.authorId, body: input.body, created_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const deliveries = [];
    for (const recipient of input.recipients) {
      const { id } = await trx
        .insertInto('guidance_deliveries')
        .values({ guidance_id: guidanceId, person_id: recipient.personId, unit_id: recipient.unitId })
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
  });
}

/** Links each delivery to the queued message that carries it (the latest one, after a re-send). */
export async function linkDeliveries(db: Db, links: { deliveryId: number; outboxId: number }[]): Promise<void> {
  for (const { deliveryId, outboxId } of links) await db.updateTable('guidance_deliveries').set({ outbox_id: outboxId }).where('id', '=', deliveryId).execute();
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
    .leftJoin('outbox as o', 'o.id', 'd.outbox_id')
    .select(['d.id', 'o.status', 'o.failure', 'p.reachable', 'd.acknowledged_at as acknowledgedAt', 'p.id as personId', 'p.chat_id as chatId', 'p.full_name as personName', 'u.id as unitId', 'u.name as unitName'])
    .where('d.guidance_id', '=', guidanceId)
    .where('g.cluster_id', '=', clusterId)
    .orderBy('u.position')
    .orderBy('d.id')
    .execute();
  return rows.length ? rows : undefined;
}

/** The cluster's latest guidance, newest first, whoever the leader was when it was sent. */
export async function recentGuidance(db: Db, clusterId: number, limit: number) {
  return db
    .selectFrom('guidance_messages as g')
    .innerJoin('units as u', 'u.id', 'g.sender_unit_id')
    .select(['g.id', 'g.created_at as at', 'g.body', 'u.name as unit'])
    .where('g.cluster_id', '=', clusterId)
    .orderBy('g.id', 'desc')
    .limit(limit)
    .execute();
}
