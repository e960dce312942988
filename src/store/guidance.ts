import type { Db } from '../db/connect.js';
import type { Recipient } from './people.js';
import { audit } from './audit.js';

/** Records the message and one pending delivery per recipient, before anything is sent. */
export async function createGuidance(
  db: Db,
  input: { clusterId: number; senderUnitId: number; authorId: number; body: string; recipients: Recipient[]; now: Date },
): Promise<{ guidanceId: number; deliveries: { id: number; recipient: Recipient }[] }> {
  return db.transaction().execute(async (trx) => {
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
  });
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
