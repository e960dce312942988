import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** jsonb: read as parsed JSON, written as a JSON string (pg rejects raw arrays). */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export type Role = 'contact' | 'leader';
export type ReportStatus = 'draft' | 'submitted';

export interface UnitsTable {
  id: Generated<number>;
  kind: string;
  code: string;
  name: string;
  parent_id: number | null;
  cluster_id: number | null;
  position: Generated<number>;
  active: Generated<boolean>;
  /** On a cluster's row: hours after which guidance is sent once more to those who have not acknowledged it; 0 = never. */
  guidance_renudge_hours: Generated<number>;
  /** On a cluster's row: the config's `summary:` settings as JSON; null = the defaults. */
  summary_settings: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LeaderTermsTable {
  id: Generated<number>;
  cluster_id: number;
  unit_id: number;
  starts_at: CreatedAt;
  ends_at: Date | null;
}

export interface PeopleTable {
  id: Generated<number>;
  telegram_user_id: number;
  chat_id: number;
  full_name: string;
  username: string | null;
  reachable: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MembershipsTable {
  id: Generated<number>;
  person_id: number;
  cluster_id: number;
  unit_id: number;
  role: Role;
  created_at: CreatedAt;
  revoked_at: Date | null;
  primary_since: Generated<Date | null>;
}

export interface InvitesTable {
  id: Generated<number>;
  code: string;
  cluster_id: number;
  unit_id: number;
  role: Role;
  created_by: string;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
  used_by: number | null;
  /** Replaced by a newer link for the same unit and role before anyone used it. */
  revoked_at: Generated<Date | null>;
}

export interface ReportTemplatesTable {
  id: Generated<number>;
  cluster_id: number;
  code: string;
  version: number;
  definition: Json<unknown>;
  checksum: string;
  created_at: CreatedAt;
}

export interface SchedulesTable {
  id: Generated<number>;
  cluster_id: number;
  code: string;
  template_code: string;
  definition: Json<unknown>;
  active: Generated<boolean>;
  updated_at: UpdatedAt;
}

export interface PeriodsTable {
  id: Generated<number>;
  cluster_id: number;
  schedule_id: number;
  key: string;
  template_id: number;
  starts_at: Date;
  deadline_at: Date;
  ends_at: Date;
  summary_deadline_at: Date | null;
  opened_at: Generated<Date | null>;
  closed_at: Generated<Date | null>;
  created_at: CreatedAt;
}

export interface ReportsTable {
  id: Generated<number>;
  cluster_id: number;
  period_id: number;
  unit_id: number;
  template_id: number;
  status: ReportStatus;
  answers: JsonWithDefault<unknown>;
  started_by: number;
  updated_by: number;
  submitted_by: number | null;
  submitted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** The leader's verdict: 'accepted' (final) or 'returned' (to be corrected). */
  review: Generated<'accepted' | 'returned' | null>;
  /** Each answer's version and last writer: {"key": {"v": 3, "by": 12, "at": "ISO"}}. */
  answer_versions: JsonWithDefault<unknown>;
}

export interface ConversationsTable {
  person_id: number;
  state: Json<unknown>;
  updated_at: UpdatedAt;
}

export interface GuidanceMessagesTable {
  id: Generated<number>;
  cluster_id: number;
  sender_unit_id: number;
  author_id: number;
  body: string;
  created_at: Date;
  attachment_kind: 'photo' | 'document' | null;
  attachment_file_id: string | null;
  attachment_name: string | null;
  /** When the automatic re-nudge is due; null: none. */
  renudge_at: Date | null;
  /** Set when the re-nudge was claimed (and queued in the same transaction). */
  renudged_at: Date | null;
}

export interface GuidanceDeliveriesTable {
  id: Generated<number>;
  guidance_id: number;
  person_id: number;
  unit_id: number;
  acknowledged_at: Date | null;
  outbox_id: number | null;
}

export interface ReminderSendsTable {
  id: Generated<number>;
  period_id: number;
  unit_id: number;
  person_id: number;
  step: string;
  claimed_at: Date;
  outbox_id: number | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'expired';

/** A message-producing request to Telegram, for the shared send budget (migration 0015). */
export interface SendBudgetTable {
  id: Generated<number>;
  chat_id: number | null;
  left_at: Date;
  answered_at: Date | null;
}

export interface OutboxTable {
  id: Generated<number>;
  cluster_id: number | null;
  person_id: number | null;
  chat_id: number;
  method: string;
  payload: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  batch_id: number | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  not_before: Date;
  expires_at: Date | null;
  claimed_by: string | null;
  claimed_at: Date | null;
  sent_at: Date | null;
  telegram_message_id: number | null;
  failure: string | null;
  error: string | null;
  duplicate_risk: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Date;
}

export interface OutboxBatchesTable {
  id: Generated<number>;
  on_done: Json<unknown>;
  created_at: Date;
  done_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  cluster_id: number | null;
  actor_person_id: number | null;
  actor: string;
  action: string;
  details: JsonWithDefault<unknown>;
  at: CreatedAt;
}

export interface ReportRevisionsTable {
  id: Generated<number>;
  report_id: number;
  field_key: string;
  old_value: ColumnType<unknown, string | null, never>;
  new_value: ColumnType<unknown, string | null, never>;
  person_id: number;
  at: Date;
  announced_at: Date | null;
}

export interface ReportAttachmentsTable {
  id: Generated<number>;
  report_id: number;
  kind: 'photo' | 'document';
  telegram_file_id: string;
  file_name: string | null;
  file_size: number | null;
  person_id: number;
  at: Date;
  /** The caption the person wrote with the file. */
  caption: Generated<string | null>;
  /** Telegram's album id: the files of one album share it. */
  media_group_id: Generated<string | null>;
  /** The bot's one reply to the album, edited as its files arrive (on the album's first file). */
  ack_message_id: Generated<number | null>;
  removed_at: Generated<Date | null>;
  removed_by: Generated<number | null>;
}

/** Every value an answer had, with its version, draft or sent. */
export interface ReportAnswerHistoryTable {
  id: Generated<number>;
  report_id: number;
  field_key: string;
  version: number;
  old_value: ColumnType<unknown, string | null, never>;
  new_value: ColumnType<unknown, string | null, never>;
  person_id: number;
  at: Date;
  submitted: boolean;
}

/** Where a yearly target came from: the config file (config sync manages it) or an imported sheet (kept over the config). */
export type TargetSource = 'config' | 'import';

export interface UnitTargetsTable {
  unit_id: number;
  year: number;
  indicator: string;
  value: number;
  source: ColumnType<TargetSource, TargetSource | undefined, TargetSource>;
  updated_at: UpdatedAt;
}

export interface PeriodUnitOverridesTable {
  period_id: number;
  unit_id: number;
  deadline_at: Date | null;
  excused: Generated<boolean>;
  reason: string;
  updated_by: number;
  updated_at: Date;
}

export interface ExtensionRequestsTable {
  id: Generated<number>;
  period_id: number;
  unit_id: number;
  person_id: number;
  reason: string;
  requested_at: Date;
  decision: 'e3' | 'e7' | 'no' | null;
  decided_by: number | null;
  decided_at: Date | null;
}

export interface ReportFeedbackTable {
  id: Generated<number>;
  report_id: number;
  kind: 'comment' | 'accept' | 'return';
  body: string;
  author_id: number;
  at: Date;
  /** A comment on one answer: its field, and the answer as it was when commented on. */
  field_key: Generated<string | null>;
  field_value: ColumnType<unknown, string | null | undefined, never>;
}

export interface ThreadMessagesTable {
  id: Generated<number>;
  cluster_id: number;
  period_id: number;
  unit_id: number;
  side: 'unit' | 'leader';
  author_id: number;
  body: string;
  feedback_id: number | null;
  reply_to: number | null;
  created_at: Date;
}

export interface ReportFeedbackAcksTable {
  feedback_id: number;
  person_id: number;
  at: Date;
}

/** A unit's answer the leader shared with the other units, sent as the guidance message `guidance_id`. */
export interface ExperienceSharesTable {
  guidance_id: number;
  report_id: number;
  /** The unit credited: the report's unit. */
  unit_id: number;
  field_key: string;
  /** The leader's short note, if any. */
  note: string | null;
}

/** A Telegram update taken on by the bot: 'started' when claimed, 'done' when its handler returned. */
export interface HandledUpdatesTable {
  update_id: number;
  status: ColumnType<'started' | 'done', 'started' | 'done' | undefined, 'done'>;
  claimed_at: Date;
}

export interface Database {
  units: UnitsTable;
  leader_terms: LeaderTermsTable;
  people: PeopleTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  report_templates: ReportTemplatesTable;
  schedules: SchedulesTable;
  periods: PeriodsTable;
  reports: ReportsTable;
  conversations: ConversationsTable;
  guidance_messages: GuidanceMessagesTable;
  guidance_deliveries: GuidanceDeliveriesTable;
  reminder_sends: ReminderSendsTable;
  outbox: OutboxTable;
  outbox_batches: OutboxBatchesTable;
  send_budget: SendBudgetTable;
  audit_log: AuditLogTable;
  report_revisions: ReportRevisionsTable;
  report_attachments: ReportAttachmentsTable;
  report_answer_history: ReportAnswerHistoryTable;
  unit_targets: UnitTargetsTable;
  period_unit_overrides: PeriodUnitOverridesTable;
  extension_requests: ExtensionRequestsTable;
  report_feedback: ReportFeedbackTable;
  report_feedback_acks: ReportFeedbackAcksTable;
  thread_messages: ThreadMessagesTable;
  experience_shares: ExperienceSharesTable;
  handled_updates: HandledUpdatesTable;
}

export type Unit = Selectable<UnitsTable>;
export type Person = Selectable<PeopleTable>;
export type Period = Selectable<PeriodsTable>;
export type Report = Selectable<ReportsTable>;
