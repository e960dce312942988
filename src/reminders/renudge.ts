import { allowedUntil, DEFAULT_POLICY, isAllowedTime } from '../domain/reminders.js';
import { vi } from '../i18n/vi.js';
import { guidanceContent, queueGuidance } from '../services/guidance-queue.js';
import { listDueRenudges, listPendingDeliveries, updateRenudgeTaken } from '../store/guidance.js';
import type { ServiceDeps } from '../services/deps.js';

/**
 * The one automatic re-nudge of guidance: once its time has come (the cluster's
 * `guidance.renudgeAfterHours` after sending), those who have not pressed "Đã nhận" and can
 * be reached get it again, marked as a reminder; the leaders get the tally. Never in quiet
 * hours: due at night, it waits for the morning. Returns how many people it was queued for.
 */
export async function renudgeDueGuidance(deps: ServiceDeps): Promise<number> {
  const { db, clock, log } = deps;
  const now = clock.now();
  if (!isAllowedTime(now, DEFAULT_POLICY)) return 0;
  let queued = 0;
  for (const due of await listDueRenudges(db, now)) {
    // Claimed and queued in one transaction: another pass or process finds it taken.
    const people = await deps.outbox.withQueue(async (trx, queue) => {
      if (!(await updateRenudgeTaken(trx, due.id, now))) return 0;
      const content = await guidanceContent(trx, due.clusterId, due.id);
      const pending = await listPendingDeliveries(trx, due.id);
      if (!content || pending.length === 0) return 0;
      await queueGuidance(trx, queue, {
        guidanceId: due.id,
        clusterId: due.clusterId,
        content: { text: vi.guidance.renudge(content.text), file: content.file },
        round: 'renudge',
        deliveries: pending,
        // Held up in the queue past the evening, it is dropped rather than sent at night.
        expiresAt: allowedUntil(now, DEFAULT_POLICY),
      });
      return pending.length;
    });
    if (people > 0) log.info('guidance re-nudge queued', { guidanceId: due.id, recipients: people });
    queued += people;
  }
  return queued;
}
