import { z } from 'zod';
import type { Db } from '../db/connect.js';
/**
 * Filling a report, one answer at a time: the workflows behind the chat's questions, with no
 * telegraf and no message text (src/bot/features/report-form.ts turns results into messages).
 *
 * One answer costs few statements: the report and its period are read together, the template
 * comes from memory (a template version is never changed once stored: a change is a new
 * version), what a numeric answer is compared with (last period, yearly target) is read once
 * per draft, and the answer is written in one statement (see writeAnswerAndRead).
 */
import type { Period } from '../db/schema.js';
import { canAmend } from '../domain/review.js';
import type { AnswerValue } from '../domain/form.js';
import type { TemplateDefinition } from '../domain/template.js';
import { reportName } from '../i18n/vi.js';
import { loadTemplate } from '../store/clusters.js';
import { findConversation } from '../store/conversations.js';
import { unitTerms } from '../store/overrides.js';
import { findPeriod, isOpen } from '../store/periods.js';
import {
  answerHistory,
  findReportWithPeriod,
  writeAnswerAndRead,
  type AnswerHistory,
  type AnswerWriteResult,
  type ReportRow,
  type ReportWithPeriod,
} from '../store/reports.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { PeriodClosed, Stale } from './errors.js';

export interface Draft {
  report: ReportRow;
  template: TemplateDefinition;
  /** The report's period, as read with it (absent in a draft made by a caller that had no need of it). */
  period?: Period;
  /** A submitted report being corrected before the deadline: changes become revisions. */
  amending: boolean;
  periodKey: string;
  /** "Báo cáo tháng 11/2026". */
  name?: string;
  /** When the correction session began (ISO), and the report's last revision then. */
  session?: { since: string; sinceRevision?: number };
  /** Read at first use, then kept for this draft (it does not depend on its answers). */
  history?: Promise<AnswerHistory>;
}

/** The report was sent: it may be corrected only in a session opened for it, or not at all. */
export class ReportSent extends Stale {
  constructor(
    readonly report: ReportRow,
    readonly reportName: string,
    /** True while the deadline allows a correction. */
    readonly correctable: boolean,
  ) {
    super(correctable ? 'report sent; open a correction first' : 'report sent; read-only');
  }
}

/** Template versions by id: stored once, never changed, so kept for the process's life. */
const templates = new Map<number, Promise<TemplateDefinition>>();
const MAX_TEMPLATES = 500;

export function templateById(deps: Pick<ServiceDeps, 'db'>, templateId: number): Promise<TemplateDefinition> {
  let template = templates.get(templateId);
  if (!template) {
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    template = loadTemplate(deps.db, templateId);
    templates.set(templateId, template);
    template.catch(() => templates.delete(templateId));
  }
  return template;
}

/**
 * The actor's own unit's report, if it may still be changed: a draft while the period is
 * open, or a submitted report until the deadline, but only inside a correction session the
 * person opened: an old question or button never edits a sent report.
 * Throws Stale (not the actor's unit's report, or gone), PeriodClosed, or ReportSent.
 * `read`: the report as read a moment ago in this update (used if it is this report's).
 */
export async function openDraft(
  deps: ServiceDeps,
  actor: Actor,
  input: { reportId: number; read?: ReportWithPeriod },
): Promise<Draft> {
  const unit = actor.reportingUnit;
  const found =
    input.read?.report.id === input.reportId ? input.read : await findReportWithPeriod(deps.db, input.reportId);
  if (!unit || !found || found.report.unit_id !== unit.unitId) throw new Stale("not a report of the actor's unit");
  return draftOf(deps, actor, found.report, found.period, found.history);
}

async function draftOf(
  deps: ServiceDeps,
  actor: Actor,
  report: ReportRow,
  period: Period,
  history?: AnswerHistory,
): Promise<Draft> {
  const template = await templateById(deps, report.template_id);
  const name = reportName(template.title, period.key);
  const now = deps.clock.now();
  if (!isOpen(period, now)) throw new PeriodClosed(`period ${period.key} is closed`);
  const base = {
    report,
    template,
    period,
    periodKey: period.key,
    name,
    ...(history ? { history: Promise.resolve(history) } : {}),
  };
  if (report.status === 'draft') return { ...base, amending: false };
  if (!canAmend(report, (await unitTerms(deps.db, period, report.unit_id)).deadlineAt, now))
    throw new ReportSent(report, name, false);
  const session = await formSession(deps.db, actor.person.id, report.id);
  if (!session?.since) throw new ReportSent(report, name, true);
  return {
    ...base,
    amending: true,
    session: {
      since: session.since,
      ...(session.sinceRevision !== undefined ? { sinceRevision: session.sinceRevision } : {}),
    },
  };
}

/** Last period's answers and the yearly targets' progress: read with the report by `openDraft`, else once per draft. */
export function historyOf(deps: Pick<ServiceDeps, 'db'>, draft: Draft): Promise<AnswerHistory> {
  draft.history ??= (async () =>
    answerHistory(deps.db, draft.report, draft.period ?? (await periodOf(deps, draft.report))))();
  return draft.history;
}

async function periodOf(deps: Pick<ServiceDeps, 'db'>, report: ReportRow): Promise<Period> {
  const period = await findPeriod(deps.db, report.cluster_id, report.period_id);
  if (!period) throw new Stale(`no period ${report.period_id}`);
  return period;
}

export type SaveAnswerResult =
  /**
   * Stored (or already stored): the draft as it is now, to ask the next question from;
   * `conversationWritten`: the input's `conversation` was stored with the answer.
   */
  | { kind: 'saved'; changed: boolean; draft: Draft; conversationWritten?: true }
  /** A colleague changed the answer after the actor's screen showed it: nothing written. */
  | Extract<AnswerWriteResult, { kind: 'conflict' }>;

/**
 * Writes the actor's answer to one question of `draft`, if the version they saw (`seen`) is
 * still the stored one. When the report was sent or its period closed meanwhile, throws as
 * `openDraft` does. `conversation`: the actor's conversation state to store with the answer
 * when it is written to a draft (the screen that follows it, as the caller expects it); a
 * correction ignores it (its session is checked again after the write).
 */
export async function saveAnswer(
  deps: ServiceDeps,
  actor: Actor,
  input: { draft: Draft; key: string; value: AnswerValue; seen?: number; conversation?: { kind: string } },
): Promise<SaveAnswerResult> {
  const { draft } = input;
  const conversation = draft.amending ? undefined : input.conversation;
  const { result, report } = await writeAnswerAndRead(deps.db, {
    reportId: draft.report.id,
    key: input.key,
    value: input.value,
    personId: actor.person.id,
    now: deps.clock.now(),
    status: draft.amending ? 'submitted' : 'draft',
    ...(input.seen === undefined ? {} : { seen: input.seen }),
    ...(conversation ? { conversation } : {}),
  });
  if (result.kind === 'conflict') return result;
  if (result.kind === 'refused' || !report)
    return { kind: 'saved', changed: false, draft: await openDraft(deps, actor, { reportId: draft.report.id }) };
  // A correction checks its deadline and session again; a draft only the period's end (read
  // with the report at the start of this answer, a moment ago).
  const period = draft.period ?? (await periodOf(deps, report));
  if (draft.amending)
    return {
      kind: 'saved',
      changed: result.changed,
      draft: { ...(await draftOf(deps, actor, report, period)), ...(draft.history ? { history: draft.history } : {}) },
    };
  if (!isOpen(period, deps.clock.now())) throw new PeriodClosed(`period ${period.key} is closed`);
  return {
    kind: 'saved',
    changed: result.changed,
    draft: { ...draft, report },
    ...(conversation && result.changed ? { conversationWritten: true as const } : {}),
  };
}

/** What a workflow reads of the person's open form (bot/features/report-form.ts keeps the rest). */
const formSessionSchema = z.looseObject({
  kind: z.literal('report'),
  reportId: z.number().int(),
  /** When a session correcting a submitted report began (ISO time). */
  since: z.string().optional(),
  /** The report's last revision (id) when that session began. */
  sinceRevision: z.number().int().optional(),
});

/** The person's form session on this report (a correction's start), if their open prompt is that report's form. */
export async function formSession(
  db: Db,
  personId: number,
  reportId: number,
): Promise<z.infer<typeof formSessionSchema> | undefined> {
  const parsed = formSessionSchema.safeParse((await findConversation(db, personId))?.state);
  return parsed.success && parsed.data.reportId === reportId ? parsed.data : undefined;
}
