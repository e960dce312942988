import type { Db } from '../../db/connect.js';
import { textMessage } from '../../delivery/outbox.js';
import type { SenderHooks } from '../../delivery/sender.js';
import { vi } from '../../i18n/vi.js';
import { findPersonById, leaderRecipients } from '../../store/people.js';
import { guidanceTally } from './guidance-queue.js';
import { revisionsTally } from '../../services/report-notices.js';

/** What the leader hears from the outbox: tallies of broadcasts, and people who cannot be reached. */
export const deliveryNotices: SenderHooks = {
  async batchDone(db, onDone, batchId) {
    return (await guidanceTally(db, onDone, batchId)) ?? (await revisionsTally(db, onDone, batchId)) ?? [];
  },

  async unreachable(db: Db, message, failure, key) {
    if (message.clusterId === null || message.personId === null) return [];
    const person = await findPersonById(db, message.personId);
    const unit = await db
      .selectFrom('memberships as m')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select('u.name')
      .where('m.person_id', '=', message.personId)
      .where('m.cluster_id', '=', message.clusterId)
      .where('m.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!person) return [];
    const reason = failure === 'blocked' || failure === 'not_found' || failure === 'rejected' || failure === 'deleted' ? vi.deliveryFailure[failure] : vi.deliveryFailure.other;
    const text = failure === 'deleted' ? vi.deletedAccountNotice(person.full_name, unit?.name ?? '') : vi.unreachableNotice(person.full_name, unit?.name ?? '', reason);
    return (await leaderRecipients(db, message.clusterId))
      .filter((leader) => leader.personId !== message.personId)
      .map((leader) => textMessage({ chatId: leader.chatId, personId: leader.personId, clusterId: message.clusterId! }, text, {}, { dedupeKey: `unreachable:${key ?? message.id}:${leader.personId}` }));
  },
};
