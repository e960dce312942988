import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ClusterConfig } from '../config/cluster-config.js';
import { type Db, inTransaction } from '../db/connect.js';
import type { Unit } from '../db/schema.js';
import { scheduleDefinitionSchema, type ScheduleDefinition } from '../domain/periods.js';
import { readSummarySettings, type SummarySettings } from '../domain/summary/settings.js';
import { templateDefinitionSchema, type TemplateDefinition } from '../domain/template.js';
import { audit } from './audit.js';
import { rotateLeader } from './leadership.js';

export const REPORTING_UNIT_KIND = 'chapter';

export async function findClusterByCode(db: Db, code: string): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).where('cluster_id', 'is', null).executeTakeFirst();
}

export async function listClusters(db: Db): Promise<Unit[]> {
  return db
    .selectFrom('units')
    .selectAll()
    .where('cluster_id', 'is', null)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

/** The units that report to the cluster, in the configured order. */
export async function listReportingUnits(db: Db, clusterId: number): Promise<Unit[]> {
  return db
    .selectFrom('units')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where('kind', '=', REPORTING_UNIT_KIND)
    .where('active', '=', true)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function findUnitById(db: Db, unitId: number): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirst();
}

export async function findUnitByCode(db: Db, clusterId: number, code: string): Promise<Unit | undefined> {
  return db
    .selectFrom('units')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Hours after which unacknowledged guidance is sent once more; 0 = never. */
export async function guidanceRenudgeHours(db: Db, clusterId: number): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select('guidance_renudge_hours')
    .where('id', '=', clusterId)
    .executeTakeFirst();
  return row?.guidance_renudge_hours ?? 0;
}

/** The cluster's summary settings (the still-low rule), defaults filled in for what the config leaves out. */
export async function findSummarySettings(db: Db, clusterId: number): Promise<SummarySettings> {
  const row = await db.selectFrom('units').select('summary_settings').where('id', '=', clusterId).executeTakeFirst();
  return readSummarySettings(row?.summary_settings);
}

export async function currentLeaderUnit(db: Db, clusterId: number): Promise<Unit | undefined> {
  return db
    .selectFrom('leader_terms')
    .innerJoin('units', 'units.id', 'leader_terms.unit_id')
    .selectAll('units')
    .where('leader_terms.cluster_id', '=', clusterId)
    .where('leader_terms.ends_at', 'is', null)
    .executeTakeFirst();
}

export interface ActiveSchedule {
  id: number;
  clusterId: number;
  code: string;
  definition: ScheduleDefinition;
  template: { id: number; version: number; definition: TemplateDefinition };
}

/** Active schedules with the newest version of their template. */
export async function listActiveSchedules(db: Db, clusterId: number): Promise<ActiveSchedule[]> {
  const rows = await db
    .selectFrom('schedules')
    .innerJoin('report_templates as t', (join) =>
      join.onRef('t.cluster_id', '=', 'schedules.cluster_id').onRef('t.code', '=', 'schedules.template_code'),
    )
    .select([
      'schedules.id',
      'schedules.code',
      'schedules.definition',
      't.id as template_id',
      't.version',
      't.definition as template_definition',
    ])
    .where('schedules.cluster_id', '=', clusterId)
    .where('schedules.active', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('report_templates as newer')
            .select('newer.id')
            .whereRef('newer.cluster_id', '=', 't.cluster_id')
            .whereRef('newer.code', '=', 't.code')
            .whereRef('newer.version', '>', 't.version'),
        ),
      ),
    )
    .orderBy('schedules.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    clusterId,
    code: row.code,
    definition: scheduleDefinitionSchema.parse(row.definition),
    template: {
      id: row.template_id,
      version: row.version,
      definition: templateDefinitionSchema.parse(row.template_definition),
    },
  }));
}

export async function loadTemplate(db: Db, templateId: number): Promise<TemplateDefinition> {
  const row = await db
    .selectFrom('report_templates')
    .select('definition')
    .where('id', '=', templateId)
    .executeTakeFirstOrThrow();
  return templateDefinitionSchema.parse(row.definition);
}

export interface SyncSummary {
  clusterId: number;
  unitsCreated: number;
  unitsUpdated: number;
  unitsDeactivated: number;
  leaderChanged: boolean;
  /**
   * The config names another leader than the one holding the term: the database wins (the
   * role was handed over with `admin rotate` or in chat), so this is only reported.
   */
  leaderMismatch?: { configured: string; current: string };
  templateVersionsCreated: string[];
  schedulesSaved: number;
  /** Targets of the config inserted, changed or deleted (rows the config manages). */
  targetsSaved: number;
  /** Targets the config gives another value than one imported from the leader's sheet: the import is kept. */
  targetsImportedKept: number;
  settingsSaved: boolean;
}

/**
 * Makes the database match the config file, in one transaction: the cluster and its settings,
 * its units, the first leader, the templates, the schedules and the targets, in that order
 * (each step reads what the ones before wrote). Running it twice changes nothing the second
 * time; a run that changed something is audited (config.sync) with its summary.
 */
export async function syncClusterConfig(db: Db, config: ClusterConfig, actor = 'cli'): Promise<SyncSummary> {
  return inTransaction(db, async (trx) => {
    const summary: SyncSummary = {
      clusterId: 0,
      unitsCreated: 0,
      unitsUpdated: 0,
      unitsDeactivated: 0,
      leaderChanged: false,
      templateVersionsCreated: [],
      schedulesSaved: 0,
      targetsSaved: 0,
      targetsImportedKept: 0,
      settingsSaved: false,
    };
    const clusterId = await syncCluster(trx, config, summary);
    summary.clusterId = clusterId;
    await syncUnits(trx, clusterId, config, summary);
    await syncFirstLeader(trx, clusterId, config, actor, summary);
    await syncTemplates(trx, clusterId, config, summary);
    await syncSchedules(trx, clusterId, config, summary);
    await syncTargets(trx, clusterId, config, summary);

    const changed =
      summary.settingsSaved ||
      summary.targetsSaved > 0 ||
      summary.unitsCreated +
        summary.unitsUpdated +
        summary.unitsDeactivated +
        summary.templateVersionsCreated.length +
        summary.schedulesSaved >
        0 ||
      summary.leaderChanged;
    if (changed) await audit(trx, { clusterId, actor, action: 'config.sync', details: { ...summary } });
    return summary;
  });
}

/** The cluster's own row (created, renamed or reactivated) and the cluster-wide settings kept on it. Returns its id. */
async function syncCluster(trx: Db, config: ClusterConfig, summary: SyncSummary): Promise<number> {
  let cluster = await findClusterByCode(trx, config.cluster.code);
  if (!cluster) {
    cluster = await trx
      .insertInto('units')
      .values({ kind: 'cluster', code: config.cluster.code, name: config.cluster.name })
      .returningAll()
      .executeTakeFirstOrThrow();
  } else if (cluster.name !== config.cluster.name || !cluster.active) {
    await trx
      .updateTable('units')
      .set({ name: config.cluster.name, active: true, updated_at: new Date() })
      .where('id', '=', cluster.id)
      .execute();
  }
  const summarySettings = config.summary ?? null;
  if (!isDeepStrictEqual(cluster.summary_settings ?? null, summarySettings)) {
    await trx
      .updateTable('units')
      .set({ summary_settings: summarySettings && JSON.stringify(summarySettings), updated_at: new Date() })
      .where('id', '=', cluster.id)
      .execute();
    summary.settingsSaved = true;
  }
  const renudgeHours = config.guidance.renudgeAfterHours;
  if (cluster.guidance_renudge_hours !== renudgeHours) {
    await trx
      .updateTable('units')
      .set({ guidance_renudge_hours: renudgeHours, updated_at: new Date() })
      .where('id', '=', cluster.id)
      .execute();
    summary.settingsSaved = true;
  }
  return cluster.id;
}

/** Units in the file are created or updated (name, position, active) in its order; reporting units no longer in it are deactivated, never deleted. */
async function syncUnits(trx: Db, clusterId: number, config: ClusterConfig, summary: SyncSummary): Promise<void> {
  const existing = new Map(
    (await trx.selectFrom('units').selectAll().where('cluster_id', '=', clusterId).execute()).map((u) => [u.code, u]),
  );
  for (const [position, unit] of config.units.entries()) {
    const current = existing.get(unit.code);
    if (!current) {
      await trx
        .insertInto('units')
        .values({
          kind: REPORTING_UNIT_KIND,
          code: unit.code,
          name: unit.name,
          parent_id: clusterId,
          cluster_id: clusterId,
          position,
        })
        .execute();
      summary.unitsCreated++;
    } else if (current.name !== unit.name || current.position !== position || !current.active) {
      await trx
        .updateTable('units')
        .set({ name: unit.name, position, active: true, updated_at: new Date() })
        .where('id', '=', current.id)
        .execute();
      summary.unitsUpdated++;
    }
    existing.delete(unit.code);
  }
  for (const gone of existing.values()) {
    if (gone.active && gone.kind === REPORTING_UNIT_KIND) {
      await trx.updateTable('units').set({ active: false, updated_at: new Date() }).where('id', '=', gone.id).execute();
      summary.unitsDeactivated++;
    }
  }
}

/**
 * `cluster.leader` is the initial leader: later the role is handed over with `admin rotate`
 * or in chat, and a restart must not undo that. It applies again only if the cluster has
 * no leader, or the leading unit was just removed from the file; otherwise a different
 * leader in the file is only reported (`leaderMismatch`).
 */
async function syncFirstLeader(
  trx: Db,
  clusterId: number,
  config: ClusterConfig,
  actor: string,
  summary: SyncSummary,
): Promise<void> {
  const leader = await findUnitByCode(trx, clusterId, config.cluster.leader);
  const currentLeader = await currentLeaderUnit(trx, clusterId);
  if (!leader || currentLeader?.id === leader.id) return;
  if (!currentLeader?.active) {
    const rotated = await rotateLeader(trx, { clusterId, toUnitId: leader.id, actor, now: new Date() });
    summary.leaderChanged = rotated.ok;
  } else {
    summary.leaderMismatch = { configured: leader.code, current: currentLeader.code };
  }
}

/** A template whose definition changed gets a new version (reports keep the version they were made with). */
async function syncTemplates(trx: Db, clusterId: number, config: ClusterConfig, summary: SyncSummary): Promise<void> {
  for (const { code, ...definition } of config.templates) {
    const checksum = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
    const latest = await trx
      .selectFrom('report_templates')
      .select(['version', 'checksum'])
      .where('cluster_id', '=', clusterId)
      .where('code', '=', code)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (latest?.checksum === checksum) continue;
    const version = (latest?.version ?? 0) + 1;
    await trx
      .insertInto('report_templates')
      .values({ cluster_id: clusterId, code, version, definition: JSON.stringify(definition), checksum })
      .execute();
    summary.templateVersionsCreated.push(`${code} v${version}`);
  }
}

/** Schedules in the file are saved (created, changed or reactivated); the others are deactivated. */
async function syncSchedules(trx: Db, clusterId: number, config: ClusterConfig, summary: SyncSummary): Promise<void> {
  const configured = new Set<string>();
  for (const { code, template, ...definition } of config.schedules) {
    configured.add(code);
    const json = JSON.stringify(definition);
    const saved = await trx
      .selectFrom('schedules')
      .select(['id', 'definition', 'template_code', 'active'])
      .where('cluster_id', '=', clusterId)
      .where('code', '=', code)
      .executeTakeFirst();
    if (!saved) {
      await trx
        .insertInto('schedules')
        .values({ cluster_id: clusterId, code, template_code: template, definition: json })
        .execute();
      summary.schedulesSaved++;
    } else if (
      !isDeepStrictEqual(saved.definition, JSON.parse(json)) ||
      saved.template_code !== template ||
      !saved.active
    ) {
      await trx
        .updateTable('schedules')
        .set({ template_code: template, definition: json, active: true, updated_at: new Date() })
        .where('id', '=', saved.id)
        .execute();
      summary.schedulesSaved++;
    }
  }
  await trx
    .updateTable('schedules')
    .set({ active: false, updated_at: new Date() })
    .where('cluster_id', '=', clusterId)
    .where('active', '=', true)
    .$if(configured.size > 0, (q) => q.where('code', 'not in', [...configured]))
    .execute();
}

/**
 * The config's targets, for the units of this cluster: config sync manages only the rows the
 * config wrote (source 'config'): it inserts, updates and deletes them to match the file. A
 * target imported from the leader's sheet (source 'import', services/targets.ts) is never
 * overwritten or deleted here, even when the file gives another value for the same unit, year
 * and indicator: the import is the later, deliberate decision. Those kept are counted.
 */
async function syncTargets(trx: Db, clusterId: number, config: ClusterConfig, summary: SyncSummary): Promise<void> {
  const units = await trx.selectFrom('units').select(['id', 'code']).where('cluster_id', '=', clusterId).execute();
  if (units.length === 0) return;
  const unitIds = new Map(units.map((u) => [u.code, u.id]));
  const keyOf = (t: { unit_id: number; year: number; indicator: string }) => `${t.unit_id}/${t.year}/${t.indicator}`;
  const wanted = new Map(
    config.targets.flatMap((t) =>
      Object.entries(t.values).map(([indicator, value]) => {
        const row = { unit_id: unitIds.get(t.unit)!, year: t.year, indicator, value };
        return [keyOf(row), row] as const;
      }),
    ),
  );
  const current = await trx
    .selectFrom('unit_targets')
    .select(['unit_id', 'year', 'indicator', 'value', 'source'])
    .where(
      'unit_id',
      'in',
      units.map((u) => u.id),
    )
    .execute();
  const currentByKey = new Map(current.map((row) => [keyOf(row), row]));
  const now = new Date();
  for (const [key, row] of wanted) {
    const existing = currentByKey.get(key);
    if (existing?.source === 'import') {
      if (Number(existing.value) !== row.value) summary.targetsImportedKept++;
      continue;
    }
    if (existing && Number(existing.value) === row.value) continue;
    await trx
      .insertInto('unit_targets')
      .values({ ...row, source: 'config', updated_at: now })
      .onConflict((oc) =>
        oc.columns(['unit_id', 'year', 'indicator']).doUpdateSet({ value: row.value, updated_at: now }),
      )
      .execute();
    summary.targetsSaved++;
  }
  for (const row of current) {
    if (row.source !== 'config' || wanted.has(keyOf(row))) continue;
    await trx
      .deleteFrom('unit_targets')
      .where('unit_id', '=', row.unit_id)
      .where('year', '=', row.year)
      .where('indicator', '=', row.indicator)
      .where('source', '=', 'config')
      .execute();
    summary.targetsSaved++;
  }
}

/**
 * Units taken out of the config (deactivated, never deleted) that left something in this
 * period: a submitted report, or with `threads` also a conversation with the leader. They
 * belong to that period's history, so the board, browsing and threads still list them.
 */
export async function formerUnitsIn(
  db: Db,
  clusterId: number,
  periodId: number,
  options: { threads?: boolean } = {},
): Promise<Unit[]> {
  return db
    .selectFrom('units as u')
    .selectAll('u')
    .where('u.cluster_id', '=', clusterId)
    .where('u.kind', '=', REPORTING_UNIT_KIND)
    .where('u.active', '=', false)
    .where(({ or, exists, selectFrom }) =>
      or([
        exists(
          selectFrom('reports as r')
            .select('r.id')
            .whereRef('r.unit_id', '=', 'u.id')
            .where('r.period_id', '=', periodId)
            .where('r.status', '=', 'submitted'),
        ),
        ...(options.threads
          ? [
              exists(
                selectFrom('thread_messages as t')
                  .select('t.id')
                  .whereRef('t.unit_id', '=', 'u.id')
                  .where('t.period_id', '=', periodId),
              ),
            ]
          : []),
      ]),
    )
    .orderBy('u.position')
    .orderBy('u.id')
    .execute();
}
