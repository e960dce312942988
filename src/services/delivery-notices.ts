/**
 * What the leader hears from the outbox: tallies of broadcasts once their batch is settled,
 * and people who cannot be reached. The sender (delivery/sender.ts) and the reply guard call
 * these hooks; src/app.ts wires them with each feature's tally.
 */
import type { Db } from '../db/connect.js';
import { textMessage, type OutgoingMessage } from '../delivery/outbox.js';
import type { SenderHooks } from '../delivery/sender.js';
import { vi } from '../i18n/vi.js';
import { findMemberUnitName, findPersonById, leaderRecipients } from '../store/people.js';

/** A feature's tally for a settled batch: its messages, or undefined when the batch is not its kind. */
export type BatchTally = (db: Db, onDone: unknown, batchId: number) => Promise<OutgoingMessage[] | undefined>;

/**
 * The sender's hooks. `tallies` are asked in order; the first that knows the batch answers
 * (a batch nobody knows is settled without a word).
 */
export function deliveryNotices(tallies: BatchTally[]): SenderHooks {
  return {
    async batchDone(db, onDone, batchId) {
      for (const tally of tallies) {
        const messages = await tally(db, onDone, batchId);
        if (messages) return messages;
      }
      return [];
    },
    unreachable: unreachableNotice,
  };
}

/**
 * A word to the cluster's leaders (not the person themselves, when a leader is the one
 * unreachable) that a person cannot be reached and why; once per refused message and leader.
 */
async function unreachableNotice(
  db: Db,
  message: { id: number; personId: number | null; clusterId: number | null },
  failure: string,
  key?: string,
): Promise<OutgoingMessage[]> {
  if (message.clusterId === null || message.personId === null) return [];
  const clusterId = message.clusterId;
  const person = await findPersonById(db, message.personId);
  if (!person) return [];
  const unit = (await findMemberUnitName(db, message.personId, clusterId)) ?? '';
  const reason =
    failure === 'blocked' || failure === 'not_found' || failure === 'rejected' || failure === 'deleted'
      ? vi.deliveryFailure[failure]
      : vi.deliveryFailure.other;
  const text =
    failure === 'deleted'
      ? vi.deletedAccountNotice(person.full_name, unit)
      : vi.unreachableNotice(person.full_name, unit, reason);
  return (await leaderRecipients(db, clusterId))
    .filter((leader) => leader.personId !== message.personId)
    .map((leader) =>
      textMessage(
        { chatId: leader.chatId, personId: leader.personId, clusterId },
        text,
        {},
        { dedupeKey: `unreachable:${key ?? message.id}:${leader.personId}` },
      ),
    );
}
