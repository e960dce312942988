import type { Db } from '../db/connect.js';

/**
 * A report the leader sent back counts as sent again once its correction is told: its
 * "returned" verdict is cleared. Returns true when there was one to clear.
 */
export async function updateReturnedReviewCleared(db: Db, reportId: number): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ review: null })
    .where('id', '=', reportId)
    .where('review', '=', 'returned')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
