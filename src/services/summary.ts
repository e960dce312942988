/**
 * The consolidated summary (📈 Tổng hợp) for the cluster leader, a unit's own progress
 * (📈 Tiến độ chỉ tiêu), and the windows to choose from. Computed on each call from the
 * submitted answers, so a late report or a correction is in the next summary; nothing is
 * copied. Returns plain data (domain/summary/build.ts); the bot, the files and the charts
 * choose the words (i18n/vi/summary.ts). Numbers are in each field's own unit (people,
 * million VND, %), dates are instants read in Asia/Ho_Chi_Minh.
 */
import {
  buildSummary,
  unitStanding,
  type ClusterSummary,
  type Completeness,
  type IndicatorSummary,
  type UnitIndicator,
  type UnitStanding,
} from '../domain/summary/build.js';
import type { DocumentSettings, SummarySettings } from '../domain/summary/settings.js';
import { listWindows, windowByKey, windowEnded, type SummaryWindow } from '../domain/summary/windows.js';
import { isNumeric, templateFields, type FieldDefinition } from '../domain/template.js';
import { local, localDateTime } from '../domain/time.js';
import { findSummarySettings, listActiveSchedules, type ActiveSchedule } from '../store/clusters.js';
import {
  findWindowLetters,
  listSummaryPeriods,
  listSummaryUnits,
  listWindowAnswers,
  type WindowAnswers,
  type WindowLetters,
} from '../store/summary.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput, NotEntitled, Stale } from './errors.js';
import { ledCluster } from './people.js';

/** A window to choose: `windowKey` ("thang:2026-Q1") is what summarise and unitProgress take. */
export interface SummaryWindowOption {
  windowKey: string;
  scheduleCode: string;
  templateTitle: string;
  window: SummaryWindow;
  /** Over (its last period may still take late reports); a window still running summarises so far. */
  ended: boolean;
}

/** The summary with the key it was asked for. */
export type ClusterSummaryResult = ClusterSummary & { windowKey: string; scheduleCode: string };

/** How many of the units' latest proposals the leader's summary quotes. */
const PROPOSALS_QUOTED = 3;

/** What the units proposed (thread messages from a unit's side) and the guidance sent, in a window. */
export interface WindowCorrespondence {
  /** The latest proposals first, at most three of them. */
  proposals: WindowLetters['proposals'];
  proposalCount: number;
  guidanceCount: number;
}

/** The key of a schedule's window, as buttons and the CLI carry it: "<schedule code>:<window key>". */
export function summaryWindowKey(scheduleCode: string, windowKey: string): string {
  return `${scheduleCode}:${windowKey}`;
}

/**
 * The windows the actor may summarise, latest ending first (domain/summary/windows.ts):
 * of every active schedule whose template has a number field, begun by now, this year and
 * last year. For the cluster leader and for a unit's contacts. Throws NotEntitled.
 */
export async function listSummaryWindows(deps: ServiceDeps, actor: Actor): Promise<SummaryWindowOption[]> {
  const clusterId = clusterOf(actor);
  const now = deps.clock.now();
  const schedules = await listActiveSchedules(deps.db, clusterId);
  return schedules
    .filter((s) => s.template.definition.sections.some((section) => section.fields.some(isNumeric)))
    .flatMap((s) =>
      listWindows(s.definition, now, local(now).year() - 1).map((window) => ({
        windowKey: summaryWindowKey(s.code, window.key),
        scheduleCode: s.code,
        templateTitle: s.template.definition.title,
        window,
        ended: windowEnded(window, now),
      })),
    )
    .sort((a, b) => b.window.endsAt.getTime() - a.window.endsAt.getTime());
}

/**
 * The whole cluster's summary for a window: every unit's figures, the cluster's totals, the
 * units still low, completeness, the units' proposals and the guidance sent in the window. The cluster leader only: throws NotEntitled; Stale for a
 * schedule no longer in the config; InvalidInput('window') for a key no schedule makes up
 * and InvalidInput('window_not_started') for a window still to come.
 */
export async function summarise(
  deps: ServiceDeps,
  actor: Actor,
  input: { windowKey: string },
): Promise<ClusterSummaryResult & { correspondence: WindowCorrespondence }> {
  const { clusterId } = ledCluster(actor);
  return summaryWithCorrespondence(deps, clusterId, input.windowKey);
}

/**
 * The summary of a period's own window (a monthly report's month) that the scheduler sends
 * the leader at the schedule's `summary` time; undefined when the period makes no window
 * (a one-off report's period is its own). No rights to check: the scheduler acts for the
 * cluster, and the leader receives it.
 */
export async function scheduledSummary(
  deps: ServiceDeps,
  input: { clusterId: number; scheduleCode: string; periodKey: string },
): Promise<(ClusterSummaryResult & { correspondence: WindowCorrespondence }) | undefined> {
  try {
    return await summaryWithCorrespondence(
      deps,
      input.clusterId,
      summaryWindowKey(input.scheduleCode, input.periodKey),
    );
  } catch (error) {
    if (error instanceof InvalidInput || error instanceof Stale) return undefined;
    throw error;
  }
}

/** The summary with the units' proposals (kiến nghị) and the guidance sent while the window ran. */
async function summaryWithCorrespondence(deps: ServiceDeps, clusterId: number, windowKey: string) {
  const { summary } = await computeSummary(deps, clusterId, windowKey);
  const { proposals, guidance } = await findWindowLetters(deps.db, {
    clusterId,
    from: summary.window.startsAt,
    to: summary.window.endsAt,
  });
  const correspondence: WindowCorrespondence = {
    proposals: proposals.slice(-PROPOSALS_QUOTED).reverse(),
    proposalCount: proposals.length,
    guidanceCount: guidance.length,
  };
  return { ...summary, correspondence };
}

/** A question of the template, as the files head their columns with it. */
export interface SummaryField {
  key: string;
  label: string;
  type: FieldDefinition['type'];
  sectionTitle: string;
  /** The unit of measure of a number ("người"); "%" for a percent. */
  unit?: string;
}

/** What the files of a window (XLSX, CSV, DOCX) are written from: the summary and the raw answers behind it. */
export interface SummaryDocumentData extends Omit<WindowLetters, 'proposals'> {
  summary: ClusterSummaryResult;
  /** The config's `summary.documents` block (issuing body, place, signer, recipients). */
  documents: DocumentSettings;
  /** Every question of the schedule's current template, in the form's order. */
  fields: SummaryField[];
  /** Every submitted report of the window's periods with all its answers. */
  answers: WindowAnswers[];
  /** Every proposal of the units in the window, oldest first. */
  proposals: WindowLetters['proposals'];
}

/**
 * The window's summary with what its files need beyond it: every submitted answer (numbers
 * per month, texts), every proposal and guidance of the window, the cluster's name and the
 * document settings. The cluster leader only: throws as summarise.
 */
export async function summaryDocuments(
  deps: ServiceDeps,
  actor: Actor,
  input: { windowKey: string },
): Promise<SummaryDocumentData> {
  return documentData(deps, ledCluster(actor).clusterId, input.windowKey);
}

/**
 * summaryDocuments for the cluster itself, with no one's rights to check: for the admin CLI
 * (`npm run admin -- summary`), which acts as the system the way rotation does.
 */
export async function clusterSummaryDocuments(
  deps: ServiceDeps,
  input: { clusterId: number; windowKey: string },
): Promise<SummaryDocumentData> {
  return documentData(deps, input.clusterId, input.windowKey);
}

/** Six statements: the summary's four, the answers, the letters. */
async function documentData(deps: ServiceDeps, clusterId: number, windowKey: string): Promise<SummaryDocumentData> {
  const { summary, settings, schedule } = await computeSummary(deps, clusterId, windowKey);
  const range = { from: summary.window.startsAt, to: summary.window.endsAt };
  const [answers, letters] = await Promise.all([
    listWindowAnswers(deps.db, { scheduleId: schedule.id, ...range }),
    findWindowLetters(deps.db, { clusterId, ...range }),
  ]);
  const fields = templateFields(schedule.template.definition).map(({ field, sectionTitle }): SummaryField => {
    const out: SummaryField = { key: field.key, label: field.label, type: field.type, sectionTitle };
    if (field.type === 'percent') out.unit = '%';
    else if ((field.type === 'integer' || field.type === 'decimal') && field.unit !== undefined) out.unit = field.unit;
    return out;
  });
  return { summary, documents: settings.documents ?? {}, fields, answers, ...letters };
}

/** One indicator as a unit sees it: its own figures and where it stands, not the others' numbers. */
export interface UnitIndicatorProgress extends Omit<IndicatorSummary, 'units' | 'cluster' | 'stillLow'> {
  own: UnitIndicator;
  standing: UnitStanding;
  /** The other units' figures, only when the config's `summary.unitsSeeOthers` allows. */
  others?: (Pick<UnitIndicator, 'unitId' | 'value' | 'ytd' | 'percentOfTarget' | 'status'> & { name: string })[];
}

export interface UnitProgress {
  windowKey: string;
  scheduleCode: string;
  window: SummaryWindow;
  ended: boolean;
  previousWindow?: SummaryWindow;
  lastYearWindow?: SummaryWindow;
  templateTitle: string;
  unit: { id: number; name: string };
  pace: ClusterSummary['pace'];
  /** The unit's standing for each period of the window. */
  periods: { key: string; deadlineAt: Date; state: Completeness['periods'][number]['cells'][number]['state'] }[];
  indicators: UnitIndicatorProgress[];
  generatedAt: Date;
}

/**
 * A unit's own indicators for a window against its targets and the pace, with its rank and
 * the cluster's median (never the other units' numbers unless the config allows). For the
 * unit's contacts (the leader too, for the leader's own unit): throws NotEntitled('contact')
 * for anyone reporting for no unit, and as summarise for the window.
 */
export async function unitProgress(
  deps: ServiceDeps,
  actor: Actor,
  input: { windowKey: string },
): Promise<UnitProgress> {
  const unitRef = actor.reportingUnit;
  if (!unitRef) throw new NotEntitled('contact');
  const { summary, settings } = await computeSummary(deps, unitRef.clusterId, input.windowKey);
  const unit = summary.units.find((u) => u.id === unitRef.unitId);
  if (!unit) throw new NotEntitled('contact', 'unit_gone');
  const names = new Map(summary.units.map((u) => [u.id, u.name]));
  const seeOthers = settings.unitsSeeOthers;
  const progress: UnitProgress = {
    windowKey: summary.windowKey,
    scheduleCode: summary.scheduleCode,
    window: summary.window,
    ended: summary.ended,
    templateTitle: summary.templateTitle,
    unit: { id: unit.id, name: unit.name },
    pace: summary.pace,
    periods: summary.completeness.periods.flatMap((p) =>
      p.cells
        .filter((c) => c.unitId === unit.id)
        .map((c) => ({ key: p.key, deadlineAt: p.deadlineAt, state: c.state })),
    ),
    indicators: summary.indicators.map((indicator) => {
      const { units, cluster: _cluster, stillLow: _stillLow, ...about } = indicator;
      const own = units.find((u) => u.unitId === unit.id)!;
      const view: UnitIndicatorProgress = { ...about, own, standing: unitStanding(indicator, unit.id) };
      if (seeOthers)
        view.others = units
          .filter((u) => u.unitId !== unit.id)
          .map((u) => ({
            unitId: u.unitId,
            name: names.get(u.unitId)!,
            status: u.status,
            ...pick(u, ['value', 'ytd', 'percentOfTarget']),
          }));
      return view;
    }),
    generatedAt: summary.generatedAt,
  };
  if (summary.previousWindow) progress.previousWindow = summary.previousWindow;
  if (summary.lastYearWindow) progress.lastYearWindow = summary.lastYearWindow;
  return progress;
}

function pick<T extends object, K extends keyof T>(from: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

/** The cluster the actor leads, else the one its unit reports to. */
function clusterOf(actor: Actor): number {
  const clusterId = actor.leaderOf?.clusterId ?? actor.reportingUnit?.clusterId;
  if (clusterId === undefined) throw new NotEntitled('contact');
  return clusterId;
}

/** The schedule and window a key names, checked. Throws Stale or InvalidInput (see summarise). */
async function resolveWindow(
  deps: ServiceDeps,
  clusterId: number,
  windowKey: string,
): Promise<{ schedule: ActiveSchedule; window: SummaryWindow }> {
  const separator = windowKey.lastIndexOf(':');
  if (separator <= 0) throw new InvalidInput('window', 'windowKey');
  const code = windowKey.slice(0, separator);
  const schedule = (await listActiveSchedules(deps.db, clusterId)).find((s) => s.code === code);
  if (!schedule) throw new Stale('window');
  const window = windowByKey(schedule.definition, windowKey.slice(separator + 1));
  if (!window) throw new InvalidInput('window', 'windowKey');
  if (window.startsAt > deps.clock.now()) throw new InvalidInput('window_not_started', 'windowKey');
  return { schedule, window };
}

/**
 * Reads what the window needs (the window, its year to date, the previous window and the
 * same window last year: everything from January of the year before to the window's end)
 * and builds the summary. Four statements whatever the number of units and periods.
 */
async function computeSummary(
  deps: ServiceDeps,
  clusterId: number,
  windowKey: string,
): Promise<{ summary: ClusterSummaryResult; settings: SummarySettings; schedule: ActiveSchedule }> {
  const { schedule, window } = await resolveWindow(deps, clusterId, windowKey);
  const yearBefore = localDateTime(window.year - 1, 1, 1, '00:00');
  const from = window.startsAt < yearBefore ? window.startsAt : yearBefore;
  const range = { scheduleId: schedule.id, from, to: window.endsAt };
  const [settings, { units, targets }, periods] = await Promise.all([
    findSummarySettings(deps.db, clusterId),
    listSummaryUnits(deps.db, { ...range, clusterId, years: [window.year] }),
    listSummaryPeriods(deps.db, range),
  ]);
  const summary = buildSummary({
    schedule: schedule.definition,
    template: schedule.template.definition,
    window,
    units,
    periods,
    targets,
    settings,
    now: deps.clock.now(),
  });
  return {
    summary: { ...summary, windowKey: summaryWindowKey(schedule.code, window.key), scheduleCode: schedule.code },
    settings,
    schedule,
  };
}
