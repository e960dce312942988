import type { Context } from 'telegraf';
import type { Actor } from '../services/actor.js';
import type { StoredConversation } from '../store/conversations.js';
import type { ServiceDeps } from '../services/deps.js';
import type { ReportWithPeriod } from '../store/reports.js';

export interface BotContext extends Context {
  deps: ServiceDeps;
  actor?: Actor;
  /** The person's open prompt, once read in this update (null: none); see feature.ts. */
  conversation?: StoredConversation | null;
  /**
   * The report the open form names, read with the update's claim (typed text only, see
   * once.ts): taken by the first read of that report in this update (report-form.ts), once.
   */
  reportReadAhead?: ReportWithPeriod;
}
