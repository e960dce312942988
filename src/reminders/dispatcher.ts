import type { Telegram } from 'telegraf';
import { cb } from '../bot/callback-data.js';
import { singleButton } from '../bot/keyboards.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { isPermanent, sendMessage, type SendOptions } from '../delivery/send.js';
import { isNightTime, latestDueReminder } from '../domain/periods.js';
import type { Role } from '../db/schema.js';
import { reportName, vi } from '../i18n/vi.js';
import type { Logger } from '../log.js';
import { currentLeaderUnit, listClusters, listReportingUnits } from '../store/clusters.js';
import { clusterRecipients, setReachable } from '../store/people.js';
import { openPeriods } from '../store/periods.js';
import { claimReminder, finishReminder } from '../store/reminders.js';
import { reportsForPeriod } from '../store/reports.js';

export interface ReminderDeps {
  db: Db;
  telegram: Telegram;
  clock: Clock;
  log: Logger;
  send: SendOptions;
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  failed: number;
}

/**
 * Sends the reminder slot that is due now to every unit that has not submitted.
 * Safe to call as often as you like: the database decides what has been sent.
 */
export async function dispatchDueReminders(deps: ReminderDeps): Promise<DispatchSummary> {
  const { db, clock, log } = deps;
  const summary: DispatchSummary = { claimed: 0, sent: 0, failed: 0 };
  const now = clock.now();
  for (const cluster of await listClusters(db)) {
    const units = await listReportingUnits(db, cluster.id);
    for (const { period, schedule } of await openPeriods(db, cluster.id, now)) {
      const window = { key: period.key, startsAt: period.starts_at, deadlineAt: period.deadline_at, endsAt: period.ends_at };
      const due = latestDueReminder(schedule.definition, window, now);
      if (!due) continue;
      const submitted = new Set((await reportsForPeriod(db, period.id)).filter((r) => r.status === 'submitted').map((r) => r.unit_id));
      const name = reportName(schedule.template.definition.title, period.key);

      const leader = await currentLeaderUnit(db, cluster.id);
      for (const unit of units.filter((u) => !submitted.has(u.id))) {
        // A pass can take a while (429 waits): never start a unit's reminder after 21:00.
        if (isNightTime(clock.now())) return summary;
        // Those who can file the report: contacts, and the leader's people for the leader's own unit.
        const roles: Role[] = unit.id === leader?.id ? ['contact', 'leader'] : ['contact'];
        const contacts = await clusterRecipients(db, cluster.id, { unitIds: [unit.id], roles });
        if (contacts.length === 0) continue;
        const dispatchId = await claimReminder(db, { periodId: period.id, unitId: unit.id, slot: due.slot.code, now });
        if (dispatchId === undefined) continue;
        summary.claimed++;

        const failures: { personId: number; error: string }[] = [];
        for (const contact of contacts) {
          const text = vi.reminder({ person: contact.fullName, unit: unit.name, name, deadline: period.deadline_at, now });
          const result = await sendMessage(deps.telegram, contact.chatId, text, singleButton(vi.button.report, cb.reportStart(period.id)), deps.send);
          if (result.ok) continue;
          failures.push({ personId: contact.personId, error: result.description });
          if (isPermanent(result.failure)) await setReachable(db, contact.personId, false);
        }
        const sent = contacts.length - failures.length;
        summary.sent += sent;
        summary.failed += failures.length;
        await finishReminder(db, dispatchId, { sent, failures, now: clock.now() });
        log.info('reminder sent', { periodKey: period.key, unit: unit.code, slot: due.slot.code, sent, failed: failures.length });
      }
    }
  }
  return summary;
}
