import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_revisions_attachments_targets.js';
import * as m0003 from './0003_period_summary_deadline.js';
import * as m0004 from './0004_reminder_sends.js';
import * as m0005 from './0005_period_unit_overrides.js';
import * as m0006 from './0006_extension_requests.js';
import * as m0007 from './0007_period_open_close.js';
import * as m0008 from './0008_primary_contact.js';
import * as m0009 from './0009_report_feedback.js';
import * as m0010 from './0010_outbox.js';
import * as m0011 from './0011_unit_threads.js';
import * as m0012 from './0012_experience_shares.js';
import * as m0013 from './0013_guidance_attachments_renudge.js';
import * as m0014 from './0014_handled_updates.js';
import * as m0015 from './0015_send_budget.js';
import * as m0016 from './0016_answer_versions_attachment_captions.js';
import * as m0017 from './0017_invite_revocation.js';
import * as m0018 from './0018_summary_settings.js';
import * as m0019 from './0019_target_sources.js';

/** Every migration, in order. Listed explicitly so the compiled app and the tests find the same set. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_revisions_attachments_targets': m0002,
  '0003_period_summary_deadline': m0003,
  '0004_reminder_sends': m0004,
  '0005_period_unit_overrides': m0005,
  '0006_extension_requests': m0006,
  '0007_period_open_close': m0007,
  '0008_primary_contact': m0008,
  '0009_report_feedback': m0009,
  '0010_outbox': m0010,
  '0011_unit_threads': m0011,
  '0012_experience_shares': m0012,
  '0013_guidance_attachments_renudge': m0013,
  '0014_handled_updates': m0014,
  '0015_send_budget': m0015,
  '0016_answer_versions_attachment_captions': m0016,
  '0017_invite_revocation': m0017,
  '0018_summary_settings': m0018,
  '0019_target_sources': m0019,
};
