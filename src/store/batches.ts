import type { Db } from '../db/connect.js';
import type { OutboxStatus } from '../db/schema.js';

/** One queued message of a batch, as far as its delivery went. */
export interface BatchPart {
  personId: number | null;
  status: OutboxStatus;
  failure: string | null;
}

/** Every message of an outbox batch, in the order they were queued. */
export async function listBatchParts(db: Db, batchId: number): Promise<BatchPart[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['person_id', 'status', 'failure'])
    .where('batch_id', '=', batchId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ personId: r.person_id, status: r.status, failure: r.failure }));
}
