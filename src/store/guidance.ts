/**
 * Guidance the leader sends to the units (guidance_messages) and each person's copy of it
 * (guidance_deliveries: who got it, which queued message carries its "Đã nhận", when it was
 * acknowledged). Rows are read as the camelCase models below.
 */
import { z } from 'zod';
import { type Db, inTransaction } from '../db/connect.js';
import type { OutboxStatus } from '../db/schema.js';
import type { Recipient } from './people.js';
import { auditByPerson } from './audit.js';

/** A photo or document sent with guidance, by Telegram's file id (also kept in the leader's draft). */
export const guidanceFileSchema = z.object({
  kind: z.enum(['photo', 'document']),
  fileId: z.string().min(1),
  fileName: z.string().nullable(),
});
export type GuidanceFile = z.infer<typeof guidanceFileSchema>;

/** A guidance message as it was sent: text, file, and the unit that sent it. */
export interface Guidance {
  id: number;
  clusterId: number;
  body: string;
  createdAt: Date;
  senderUnit: string;
  file: GuidanceFile | undefined;
}

/** One person's copy of a guidance message, with how its queued message fared. */
export interface GuidanceDelivery {
  id: number;
  personId: number;
  chatId: number;
  personName: string;
  reachable: boolean;
  unitId: number;
  unitName: string;
  acknowledgedAt: Date | null;
  /** The queued message with its "Đã nhận" (null: none queued yet). */
  status: OutboxStatus | null;
  failure: string | null;
}

/** A line of "Các thông báo đã gửi". */
export interface GuidanceSummary {
  id: number;
  at: Date;
  body: string;
  fileKind: 'photo' | 'document' | null;
  fileName: string | null;
  /** The unit that sent it (the leader's unit then). */
  unit: string;
  /** For a shared experience, the unit it came from. */
  sharedFrom: string | null;
}

/** A delivery a re-send goes to: the delivery and its person's chat. */
export interface PendingDelivery {
  id: number;
  recipient: { personId: number; chatId: number };
}

/** How one delivery's message of a batch fared (one row per message; a delivery may have two). */
export interface BatchMessage {
  deliveryId: number;
  status: OutboxStatus;
  failure: string | null;
  personName: string;
  unitName: string;
}

export interface NewGuidance {
  clusterId: number;
  senderUnitId: number;
  authorId: number;
  body: string;
  file?: GuidanceFile | undefined;
  recipients: Recipient[];
  now: Date;
  /** When to send it once more to those who have not acknowledged it; undefined: never. */
  renudgeAt?: Date | undefined;
}

/** Records the message and one delivery per recipient, before anything is sent; audited. */
export async function createGuidance(
  db: Db,
  input: NewGuidance,
): Promise<{ guidanceId: number; deliveries: { id: number; recipient: Recipient }[] }> {
  return inTransaction(db, async (trx) => {
    const { id: guidanceId } = await trx
      .insertInto('guidance_messages')
      .values({
        cluster_id: input.clusterId,
        sender_unit_id: input.senderUnitId,
        author_id: input.authorId,
        body: input.body,
        created_at: input.now,
        attachment_kind: input.file?.kind ?? null,
        attachment_file_id: input.file?.fileId ?? null,
        attachment_name: input.file?.fileName ?? null,
        renudge_at: input.renudgeAt ?? null,
      })
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
    await auditByPerson(trx, input.authorId, {
      clusterId: input.clusterId,
      action: 'guidance.create',
      details: {
        guidanceId,
        recipients: input.recipients.length,
        units: new Set(input.recipients.map((r) => r.unitId)).size,
        file: input.file?.kind ?? null,
      },
    });
    return { guidanceId, deliveries };
  });
}

/** Links each delivery to the queued message that carries it (the latest one, after a re-send). */
export async function updateDeliveryMessages(db: Db, links: { deliveryId: number; outboxId: number }[]): Promise<void> {
  for (const { deliveryId, outboxId } of links)
    await db.updateTable('guidance_deliveries').set({ outbox_id: outboxId }).where('id', '=', deliveryId).execute();
}

/** "Đã nhận" pressed: only the delivery's own recipient can acknowledge it, once. True when this press recorded it. */
export async function updateDeliveryAcknowledged(
  db: Db,
  deliveryId: number,
  personId: number,
  at: Date,
): Promise<boolean> {
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

/** Every delivery of a guidance message of this cluster, with the person and unit, by unit order; [] if none. */
export async function listDeliveries(db: Db, clusterId: number, guidanceId: number): Promise<GuidanceDelivery[]> {
  return db
    .selectFrom('guidance_deliveries as d')
    .innerJoin('guidance_messages as g', 'g.id', 'd.guidance_id')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('outbox as o', 'o.id', 'd.outbox_id')
    .select([
      'd.id',
      'o.status',
      'o.failure',
      'p.reachable',
      'd.acknowledged_at as acknowledgedAt',
      'p.id as personId',
      'p.chat_id as chatId',
      'p.full_name as personName',
      'u.id as unitId',
      'u.name as unitName',
    ])
    .where('d.guidance_id', '=', guidanceId)
    .where('g.cluster_id', '=', clusterId)
    .orderBy('u.position')
    .orderBy('d.id')
    .execute();
}

/** The cluster's latest guidance, newest first, whoever the leader was when it was sent. */
export async function listRecentGuidance(db: Db, clusterId: number, limit: number): Promise<GuidanceSummary[]> {
  return (
    db
      .selectFrom('guidance_messages as g')
      .innerJoin('units as u', 'u.id', 'g.sender_unit_id')
      // A shared experience is credited to the unit it came from.
      .leftJoin('experience_shares as x', 'x.guidance_id', 'g.id')
      .leftJoin('units as source', 'source.id', 'x.unit_id')
      .select([
        'g.id',
        'g.created_at as at',
        'g.body',
        'g.attachment_kind as fileKind',
        'g.attachment_name as fileName',
        'u.name as unit',
        'source.name as sharedFrom',
      ])
      .where('g.cluster_id', '=', clusterId)
      .orderBy('g.id', 'desc')
      .limit(limit)
      .execute()
  );
}

/** A guidance message as it was sent; with `clusterId`, only one of that cluster (a button names any id). */
export async function findGuidance(
  db: Db,
  guidanceId: number,
  options: { clusterId?: number } = {},
): Promise<Guidance | undefined> {
  const row = await db
    .selectFrom('guidance_messages as g')
    .innerJoin('units as u', 'u.id', 'g.sender_unit_id')
    .select([
      'g.id',
      'g.cluster_id',
      'g.body',
      'g.created_at',
      'g.attachment_kind',
      'g.attachment_file_id',
      'g.attachment_name',
      'u.name as senderUnit',
    ])
    .where('g.id', '=', guidanceId)
    .$if(options.clusterId !== undefined, (q) => q.where('g.cluster_id', '=', options.clusterId!))
    .executeTakeFirst();
  if (!row) return undefined;
  const file: GuidanceFile | undefined =
    row.attachment_kind && row.attachment_file_id
      ? { kind: row.attachment_kind, fileId: row.attachment_file_id, fileName: row.attachment_name }
      : undefined;
  return {
    id: row.id,
    clusterId: row.cluster_id,
    body: row.body,
    createdAt: row.created_at,
    senderUnit: row.senderUnit,
    file,
  };
}

/**
 * Deliveries still owing "Đã nhận" whose person can be reached and still belongs to the
 * unit, itself still active: whom a re-send (by hand or automatic) goes to.
 */
export async function listPendingDeliveries(db: Db, guidanceId: number): Promise<PendingDelivery[]> {
  const rows = await db
    .selectFrom('guidance_deliveries as d')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .leftJoin('outbox as o', 'o.id', 'd.outbox_id')
    .select(['d.id', 'p.id as personId', 'p.chat_id as chatId'])
    .where('d.guidance_id', '=', guidanceId)
    .where('d.acknowledged_at', 'is', null)
    .where('p.reachable', '=', true)
    // Still on its way (a double tap on "Gửi lại", or the first round not done): not queued again.
    .where((eb) => eb.or([eb('o.status', 'is', null), eb('o.status', 'not in', ['pending', 'sending'])]))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as m')
          .innerJoin('units as mu', 'mu.id', 'm.unit_id')
          .select('m.id')
          .whereRef('m.person_id', '=', 'd.person_id')
          .whereRef('m.unit_id', '=', 'd.unit_id')
          .where('m.revoked_at', 'is', null)
          // A unit taken out of the config no longer receives anything.
          .where('mu.active', '=', true),
      ),
    )
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ id: r.id, recipient: { personId: r.personId, chatId: r.chatId } }));
}

/**
 * The messages one outbox batch of this guidance carried, oldest first, each with its
 * delivery's person and unit (a later "Gửi lại" relinks the deliveries, so the batch is read
 * through the outbox, not through the deliveries' links).
 */
export async function listBatchMessages(db: Db, guidanceId: number, batchId: number): Promise<BatchMessage[]> {
  return db
    .selectFrom('outbox as o')
    .innerJoin('guidance_deliveries as d', (join) =>
      join.onRef('d.person_id', '=', 'o.person_id').on('d.guidance_id', '=', guidanceId),
    )
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.id as deliveryId', 'o.status', 'o.failure', 'p.full_name as personName', 'u.name as unitName'])
    .where('o.batch_id', '=', batchId)
    .orderBy('o.id')
    .execute();
}

/** Guidance whose automatic re-nudge is due, in clusters that still want it. */
export async function listDueRenudges(db: Db, now: Date): Promise<{ id: number; clusterId: number }[]> {
  return db
    .selectFrom('guidance_messages as g')
    .innerJoin('units as c', 'c.id', 'g.cluster_id')
    .select(['g.id', 'g.cluster_id as clusterId'])
    .where('g.renudge_at', '<=', now)
    .where('g.renudged_at', 'is', null)
    .where('c.guidance_renudge_hours', '>', 0)
    .where('c.active', '=', true)
    .orderBy('g.id')
    .execute();
}

/** Takes the re-nudge of one guidance message (marks it done); true for exactly one caller, ever. */
export async function updateRenudgeTaken(db: Db, guidanceId: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('guidance_messages')
    .set({ renudged_at: now })
    .where('id', '=', guidanceId)
    .where('renudged_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
