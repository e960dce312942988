import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Telegram } from 'telegraf';
import { z } from 'zod';
import { openMigratedDatabase, runMain } from '../bootstrap.js';
import { loadClusterConfig } from '../config/cluster-config.js';
import { loadOfflineEnv, type OfflineEnv } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import type { Db } from '../db/connect.js';
import { formatDate } from '../domain/dates.js';
import { formatNumber } from '../domain/numbers.js';
import { local } from '../domain/time.js';
import { readTargetsFile, targetsTemplate } from '../documents/targets-xlsx.js';
import { CommandFailed } from '../errors.js';
import { vi } from '../i18n/vi.js';
import { clusterTargets, importTargetsAsSystem, previewTargetsAsSystem } from '../services/targets.js';
import { createLogger, type Logger } from '../log.js';
import {
  currentLeaderUnit,
  findClusterByCode,
  listClusters,
  listReportingUnits,
  syncClusterConfig,
} from '../store/clusters.js';
import { createInvite } from '../store/invites.js';
import { handOverByAdmin, refreshMenus } from '../services/rotation.js';
import { setCommandsFor } from '../delivery/commands.js';
import { queueingOutbox } from '../delivery/sender.js';
import { systemClock } from '../clock.js';
import { summaryCsv } from '../documents/summary-csv.js';
import { summaryDraft } from '../documents/summary-docx.js';
import { summaryWorkbook } from '../documents/summary-xlsx.js';
import { InvalidInput, Stale } from '../services/errors.js';
import { clusterSummaryDocuments } from '../services/summary.js';
import { leaderRecipients } from '../store/people.js';
import { removePersonFromUnit, unitPeople } from '../store/unit-people.js';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  migrate                          apply pending database migrations
  sync                             load the cluster config file (CLUSTER_CONFIG) into the database
  invite --unit CODE [--role R]    create a one-time invite link for a unit (R: contact | leader)
  invite --all                     one contact invite per unit, plus one leader invite; replaces
                                   (revokes) the links of the same unit and role nobody has used yet
  people [--unit CODE]             who receives the bot's messages for each unit, with Telegram ids
  remove-person --unit CODE --telegram-id N
                                   take one person off a unit (retired, left): they become a
                                   stranger to the bot, messages waiting for them are not sent,
                                   what they submitted stays; recorded in the audit log
  rotate --to CODE                 hand the cluster leader's role to another unit: its people
                                   get the leader's rights, the former leader's people become
                                   contacts of their unit; told in Telegram when BOT_TOKEN is set
  summary --window KEY [--out DIR] write the window's files (XLSX, CSV, DOCX) into DIR (default .);
                                   KEY is "<schedule code>:<window>", e.g. thang:2026-Q1, thang:2026-H1,
                                   thang:2026-9M, thang:2026, thang:2026-03
  targets template [--year Y] --out FILE
                                   write the yearly targets sheet to fill in (every active unit,
                                   the current targets filled in); Y defaults to this year
  targets import FILE [--year Y] [--dry-run]
                                   read a filled-in targets sheet (.xlsx): print every problem
                                   (row, column, what is wrong; exit status 1, nothing changed)
                                   or apply and print the changes (audited); the year is the one
                                   in the sheet's name, else Y, else this year; --dry-run only prints

Options:
  --cluster CODE   which cluster (needed only when the database holds several)
  --days N         invite: how long the link stays valid (default 14)
  --replace        invite --unit: also revoke that unit's unused links of the same role
`;

const inviteArgs = z.object({
  unit: z.string().optional(),
  all: z.boolean().default(false),
  role: z.enum(['contact', 'leader'], { error: 'must be contact or leader' }).default('contact'),
  cluster: z.string().optional(),
  days: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be from 1 to 90 days')
    .max(90, 'must be from 1 to 90 days')
    .default(14),
  replace: z.boolean().default(false),
});

const peopleArgs = z.object({
  unit: z.string().optional(),
  cluster: z.string().optional(),
});

/** A unit code the command cannot do without: missing or blank, it says it "is required: `what`". */
function requiredUnitCode(what: string) {
  return z
    .string({ error: `is required: ${what}` })
    .trim()
    .min(1, `is required: ${what}`);
}

const removePersonArgs = z.object({
  unit: requiredUnitCode('the code of the unit the person leaves'),
  'telegram-id': z
    .string({ error: 'is required: the Telegram id of the person (see `npm run admin -- people --unit CODE`)' })
    .regex(/^\d{1,15}$/, 'must be a Telegram user id (digits, see `npm run admin -- people --unit CODE`)')
    .transform(Number),
  cluster: z.string().optional(),
});

const summaryArgs = z.object({
  window: z
    .string({ error: 'is required: the window, e.g. thang:2026-Q1 (schedule code, colon, window)' })
    .regex(/^[^:]+:.+$/, 'must be "<schedule code>:<window>", e.g. thang:2026-Q1'),
  out: z.string().default('.'),
  cluster: z.string().optional(),
});

const year = z.coerce
  .number({ error: 'must be a year, e.g. 2026' })
  .int('must be a year, e.g. 2026')
  .min(2000, 'must be a year from 2000 to 2100')
  .max(2100, 'must be a year from 2000 to 2100');

const targetsArgs = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('template'),
    year: year.optional(),
    out: z.string({ error: 'is required: the .xlsx file to write, e.g. --out chi-tieu-2026.xlsx' }).min(1),
    cluster: z.string().optional(),
  }),
  z.object({
    action: z.literal('import'),
    file: z.string({ error: 'is required: the .xlsx file to read (targets import FILE)' }).min(1),
    year: year.optional(),
    'dry-run': z.boolean().default(false),
    cluster: z.string().optional(),
  }),
]);

const rotateArgs = z.object({
  to: requiredUnitCode('the code of the unit that takes over'),
  cluster: z.string().optional(),
});

await runMain(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      all: { type: 'boolean' },
      role: { type: 'string' },
      cluster: { type: 'string' },
      days: { type: 'string' },
      to: { type: 'string' },
      window: { type: 'string' },
      out: { type: 'string' },
      replace: { type: 'boolean' },
      year: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'telegram-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (
    values.help ||
    !command ||
    !['migrate', 'sync', 'invite', 'rotate', 'people', 'remove-person', 'summary', 'targets'].includes(command)
  ) {
    process.stdout.write(USAGE);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const env = loadOfflineEnv();
  const log = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL);
  const parsedInvite = command === 'invite' ? inviteArgs.safeParse(values) : undefined;
  if (parsedInvite && !parsedInvite.success) throw ConfigError.fromZod('invite options', parsedInvite.error);
  const parsedRotate = command === 'rotate' ? rotateArgs.safeParse(values) : undefined;
  if (parsedRotate && !parsedRotate.success) throw ConfigError.fromZod('rotate options', parsedRotate.error);
  const parsedPeople = command === 'people' ? peopleArgs.safeParse(values) : undefined;
  if (parsedPeople && !parsedPeople.success) throw ConfigError.fromZod('people options', parsedPeople.error);
  const parsedRemove = command === 'remove-person' ? removePersonArgs.safeParse(values) : undefined;
  if (parsedRemove && !parsedRemove.success) throw ConfigError.fromZod('remove-person options', parsedRemove.error);
  const parsedSummary = command === 'summary' ? summaryArgs.safeParse(values) : undefined;
  if (parsedSummary && !parsedSummary.success) throw ConfigError.fromZod('summary options', parsedSummary.error);
  const parsedTargets =
    command === 'targets'
      ? targetsArgs.safeParse({ ...values, action: positionals[1], file: positionals[2] })
      : undefined;
  if (parsedTargets && !parsedTargets.success)
    throw ConfigError.fromZod(
      'targets options (targets template --out FILE | targets import FILE)',
      parsedTargets.error,
    );
  const config = command === 'sync' ? await loadClusterConfig(env.CLUSTER_CONFIG) : undefined;

  const database = await openMigratedDatabase(env, log);
  try {
    if (command === 'migrate') {
      process.stdout.write('Database is up to date.\n');
    } else if (config) {
      const summary = await syncClusterConfig(database.db, config, 'cli');
      process.stdout.write(
        `Synced ${env.CLUSTER_CONFIG} into cluster "${config.cluster.code}": ` +
          `${summary.unitsCreated} units created, ${summary.unitsUpdated} updated, ${summary.unitsDeactivated} deactivated; ` +
          `template versions created: ${summary.templateVersionsCreated.join(', ') || 'none'}; ` +
          `schedules saved: ${summary.schedulesSaved}; targets saved: ${summary.targetsSaved}; settings ${summary.settingsSaved ? 'saved' : 'unchanged'}; leader ${summary.leaderChanged ? 'set' : 'unchanged'}.\n`,
      );
      if (summary.leaderMismatch) process.stdout.write(leaderMismatchWarning(summary.leaderMismatch));
      if (summary.targetsImportedKept)
        process.stdout.write(
          `Note: ${summary.targetsImportedKept} target(s) imported from a sheet differ from the config file; the imported values are kept (see README, Yearly targets).\n`,
        );
    } else if (parsedInvite?.success) {
      await printInvites(database.db, env, parsedInvite.data);
    } else if (parsedRotate?.success) {
      await rotate(database.db, env, log, parsedRotate.data);
    } else if (parsedPeople?.success) {
      await printPeople(database.db, parsedPeople.data);
    } else if (parsedRemove?.success) {
      await removePerson(database.db, parsedRemove.data);
    } else if (parsedSummary?.success) {
      await writeSummaryFiles(database.db, log, parsedSummary.data);
    } else if (parsedTargets?.success) {
      const args = parsedTargets.data;
      if (args.action === 'template') await writeTargetsTemplate(database.db, log, args);
      else await importTargetsFile(database.db, log, args);
    }
  } finally {
    await database.close();
  }
});

/**
 * The unit of `units` (the cluster's active ones) whose code is `code`, in any case; else a
 * ConfigError of `source` that names the option and the codes known.
 */
function unitByCode<U extends { code: string }>(
  units: U[],
  cluster: { code: string },
  code: string,
  source: string,
  option = '--unit',
): U {
  const unit = units.find((u) => u.code.toLowerCase() === code.toLowerCase());
  if (!unit)
    throw new ConfigError(source, [
      `${option}: no active unit "${code}" in cluster ${cluster.code}; known: ${units.map((u) => u.code).join(', ')}`,
    ]);
  return unit;
}

async function printInvites(db: Db, env: OfflineEnv, args: z.infer<typeof inviteArgs>): Promise<void> {
  if (!args.all && !args.unit) throw new ConfigError('invite options', ['give --unit CODE or --all']);
  const cluster = await resolveCluster(db, args.cluster);
  const units = await listReportingUnits(db, cluster.id);
  const leader = await currentLeaderUnit(db, cluster.id);

  const wanted: { unitId: number; code: string; name: string; role: 'contact' | 'leader' }[] = [];
  if (args.all) {
    wanted.push(...units.map((u) => ({ unitId: u.id, code: u.code, name: u.name, role: 'contact' as const })));
    if (leader) wanted.push({ unitId: leader.id, code: leader.code, name: leader.name, role: 'leader' });
  } else {
    const unit = unitByCode(units, cluster, args.unit!, 'invite options');
    if (args.role === 'leader' && unit.id !== leader?.id) {
      throw new ConfigError('invite options', [
        `--role leader: ${unit.code} is not the cluster leader (the leader is ${leader?.code ?? 'not set'})`,
      ]);
    }
    wanted.push({ unitId: unit.id, code: unit.code, name: unit.name, role: args.role });
  }

  const username = await botUsername(env);
  const now = new Date();
  const lines = [];
  // A fresh set (--all) replaces the links nobody used: two runs never leave two sets working.
  const replaceUnused = args.all || args.replace;
  for (const w of wanted) {
    const { code, expiresAt, replaced, stillValid } = await createInvite(db, {
      clusterId: cluster.id,
      unitId: w.unitId,
      role: w.role,
      createdBy: 'cli',
      now,
      validDays: args.days,
      replaceUnused,
    });
    const link = username
      ? `https://t.me/${username}?start=${code}`
      : `(set BOT_USERNAME to get a link) /start ${code}`;
    lines.push({ ...w, link, inviteCode: code, expiresAt, replaced, stillValid });
  }
  process.stdout.write(
    `Invites for ${cluster.name}, each for one person, valid until ${formatDate(lines[0]!.expiresAt)}:\n\n`,
  );
  for (const l of lines)
    process.stdout.write(
      `${l.code.padEnd(6)} ${l.role.padEnd(7)}  ${l.name}\n       code ${l.inviteCode}  ${l.link}\n`,
    );
  const replaced = lines.reduce((n, l) => n + l.replaced, 0);
  if (replaceUnused) {
    process.stdout.write(
      `\n${replaced ? `Revoked ${replaced} older unused link(s) of the same units and roles: they no longer work.` : 'No older unused links to revoke.'}\n`,
    );
  } else if (lines[0]!.stillValid) {
    const l = lines[0]!;
    process.stdout.write(
      `\nNote: ${l.stillValid} older unused ${l.role} link(s) of ${l.code} still work as well; add --replace to revoke them.\n`,
    );
  }
}

async function printPeople(db: Db, args: z.infer<typeof peopleArgs>): Promise<void> {
  const cluster = await resolveCluster(db, args.cluster, 'people options');
  const units = await listReportingUnits(db, cluster.id);
  const shown = args.unit ? [unitByCode(units, cluster, args.unit, 'people options')] : units;
  for (const unit of shown) {
    const people = await unitPeople(db, unit.id);
    process.stdout.write(
      `${unit.code.padEnd(6)} ${unit.name}: ${people.length ? `${people.length} ${people.length === 1 ? 'person' : 'people'}` : 'nobody yet'}\n`,
    );
    for (const p of people) {
      process.stdout.write(
        `       telegram-id ${String(p.telegramUserId).padEnd(12)} ${p.fullName}${p.username ? ` (@${p.username})` : ''}, ${p.roles.join('+')}, since ${formatDate(p.since)}${p.reachable ? '' : ', unreachable'}\n`,
      );
    }
  }
}

async function removePerson(db: Db, args: z.infer<typeof removePersonArgs>): Promise<void> {
  const cluster = await resolveCluster(db, args.cluster, 'remove-person options');
  const units = await listReportingUnits(db, cluster.id);
  const unit = unitByCode(units, cluster, args.unit, 'remove-person options');
  const person = (await unitPeople(db, unit.id)).find((p) => p.telegramUserId === args['telegram-id']);
  if (!person)
    throw new ConfigError('remove-person options', [
      `--telegram-id: nobody with Telegram id ${args['telegram-id']} in ${unit.code}; see \`npm run admin -- people --unit ${unit.code}\``,
    ]);
  const result = await removePersonFromUnit(db, {
    clusterId: cluster.id,
    unitId: unit.id,
    personId: person.personId,
    actor: 'cli',
    now: new Date(),
  });
  if (!result.ok)
    throw new ConfigError('remove-person options', [`--telegram-id: ${person.fullName} is no longer in ${unit.code}`]);
  const left = (await unitPeople(db, unit.id)).length;
  process.stdout.write(
    `Removed ${person.fullName} (telegram-id ${person.telegramUserId}, ${person.roles.join('+')}) from ${unit.code} ${unit.name}.\n` +
      (result.stranger
        ? '  They are now a stranger to the bot; messages still waiting for them will not be sent.\n'
        : '  They still belong to another unit.\n') +
      '  Their submitted reports stay. Recorded in the audit log (person.remove).\n' +
      (left === 0
        ? `  Nobody of ${unit.code} receives messages now: invite someone (npm run admin -- invite --unit ${unit.code}).\n`
        : '') +
      (person.roles.includes('leader') && (await leaderRecipients(db, cluster.id)).length === 0
        ? "  Warning: nobody holds the cluster leader's rights now; invite one (invite --unit CODE --role leader).\n"
        : ''),
  );
}

async function rotate(db: Db, env: OfflineEnv, log: Logger, args: z.infer<typeof rotateArgs>): Promise<void> {
  const cluster = await resolveCluster(db, args.cluster, 'rotate options');
  const units = await listReportingUnits(db, cluster.id);
  const unit = unitByCode(units, cluster, args.to, 'rotate options', '--to');
  const { result, queued, menus } = await handOverByAdmin(db, {
    clusterId: cluster.id,
    clusterName: cluster.name,
    toUnitId: unit.id,
    now: new Date(),
  });
  if (!result.ok) {
    const problem =
      result.reason === 'same_unit'
        ? `${unit.code} is already the cluster leader: nothing to hand over`
        : result.reason === 'no_members'
          ? `nobody of ${unit.code} has joined the bot yet, so nobody would hold the leader's rights; invite them first (npm run admin -- invite --unit ${unit.code})`
          : `${unit.code} cannot take over (${result.reason})`;
    throw new ConfigError('rotate options', [`--to: ${problem}`]);
  }
  const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
  process.stdout.write(
    `Cluster leader of ${cluster.name} (${cluster.code}) handed over: ${result.from ? `${result.from.code} ${result.from.name}` : '(none)'} -> ${result.to.code} ${result.to.name}.\n` +
      `  ${people(result.promoted.length)} of ${result.to.code} got the leader's rights (now ${people((await leaderRecipients(db, cluster.id)).length)} in all).\n` +
      `  ${people(result.demoted.length)} lost them and report as contacts of their unit.\n` +
      (result.invitesChanged
        ? `  ${result.invitesChanged} unused leader invite(s) of the former leader now make contacts.\n`
        : '') +
      '  Recorded in the audit log (leader.rotate).\n',
  );
  // The notices wait in the outbox: the bot sends them (at once on Postgres, at its next start on the embedded database).
  const telegram = env.BOT_TOKEN
    ? new Telegram(env.BOT_TOKEN, env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {})
    : undefined;
  if (telegram) await refreshMenus({ db, log }, menus, (chatId, actor) => setCommandsFor(telegram, chatId, actor));
  process.stdout.write(
    `  ${queued} message(s) queued for the people concerned; the bot sends them.${telegram ? '' : ' Command menus change at their next message (BOT_TOKEN is not set).'}\n`,
  );
}

function leaderMismatchWarning(m: { configured: string; current: string }): string {
  return (
    `Warning: the config names ${m.configured} as cluster leader, but ${m.current} holds the term in the database; left as it is.\n` +
    `  The role is handed over with \`npm run admin -- rotate --to CODE\` or by the leader in chat; \`cluster.leader\` only sets the first leader.\n`
  );
}

async function resolveCluster(db: Db, code: string | undefined, source = 'invite options') {
  if (code) {
    const cluster = await findClusterByCode(db, code);
    if (!cluster) throw new ConfigError(source, [`--cluster: no cluster "${code}"`]);
    return cluster;
  }
  const clusters = await listClusters(db);
  if (clusters.length === 0)
    throw new ConfigError('database', ['no cluster loaded yet: run `npm run admin -- sync` first']);
  if (clusters.length > 1)
    throw new ConfigError(source, [`--cluster is required: ${clusters.map((c) => c.code).join(', ')}`]);
  return clusters[0]!;
}

/** The deep link needs the bot's username: from BOT_USERNAME, or asked from Telegram. */
async function botUsername(env: OfflineEnv): Promise<string | undefined> {
  if (env.BOT_USERNAME) return env.BOT_USERNAME.replace(/^@/, '');
  if (!env.BOT_TOKEN) return undefined;
  try {
    const telegram = new Telegram(env.BOT_TOKEN, env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {});
    return (await telegram.getMe()).username;
  } catch {
    return undefined;
  }
}

/**
 * `summary --window KEY`: the window's workbook, CSV and Word draft written into `--out`, as
 * the system (no one's rights to check, the way rotation acts); a window no schedule makes
 * up is a ConfigError that says what a key looks like.
 */
async function writeSummaryFiles(db: Db, log: Logger, args: z.infer<typeof summaryArgs>): Promise<void> {
  const cluster = await resolveCluster(db, args.cluster, 'summary options');
  const deps = { db, log, clock: systemClock, outbox: queueingOutbox(db) };
  let data;
  try {
    data = await clusterSummaryDocuments(deps, { clusterId: cluster.id, windowKey: args.window });
  } catch (error) {
    if (error instanceof InvalidInput || error instanceof Stale)
      throw new ConfigError('summary options', [
        `--window: no window "${args.window}" in cluster ${cluster.code} (or it has not begun); e.g. thang:2026-Q1`,
      ]);
    throw error;
  }
  const dir = resolve(args.out);
  await mkdir(dir, { recursive: true });
  for (const file of [await summaryWorkbook(data), summaryCsv(data), await summaryDraft(data)]) {
    await writeFile(join(dir, file.fileName), file.bytes);
    process.stdout.write(`Wrote ${join(dir, file.fileName)} (${file.bytes.length} bytes)\n`);
  }
}

/** `targets template`: the sheet to fill in for the year, with the current targets. */
async function writeTargetsTemplate(
  db: Db,
  log: Logger,
  args: Extract<z.infer<typeof targetsArgs>, { action: 'template' }>,
): Promise<void> {
  const cluster = await resolveCluster(db, args.cluster, 'targets options');
  const deps = { db, log, clock: systemClock, outbox: queueingOutbox(db) };
  const state = await clusterTargets(deps, { clusterId: cluster.id, year: args.year ?? local(new Date()).year() });
  const file = await targetsTemplate(state);
  const path = resolve(args.out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.bytes);
  process.stdout.write(
    `Wrote ${path} (${file.bytes.length} bytes): targets ${state.year} of ${cluster.name}, ` +
      `${state.units.length} units x ${state.indicators.length} indicators, ${state.targets.length} targets filled in.\n`,
  );
}

/**
 * `targets import FILE`: the sheet read and checked (domain/targets-sheet.ts); its problems
 * printed (the catalogue's Vietnamese lines, HTML tags taken out) with exit status 1, or the
 * changes applied as the system (audited as "cli") and printed; `--dry-run` applies nothing.
 */
async function importTargetsFile(
  db: Db,
  log: Logger,
  args: Extract<z.infer<typeof targetsArgs>, { action: 'import' }>,
): Promise<void> {
  const cluster = await resolveCluster(db, args.cluster, 'targets options');
  const deps = { db, log, clock: systemClock, outbox: queueingOutbox(db) };
  let bytes: Buffer;
  try {
    bytes = await readFile(args.file);
  } catch (error) {
    throw new ConfigError('targets options', [
      `FILE: cannot read ${args.file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  const thisYear = local(new Date()).year();
  const state = await clusterTargets(deps, { clusterId: cluster.id, year: args.year ?? thisYear });
  const read = await readTargetsFile(bytes, {
    units: state.units,
    indicators: state.indicators,
    ...(args.year === undefined ? { defaultYear: thisYear } : { askedYear: args.year }),
  });
  const plain = (html: string) =>
    html
      .replace(/<[^>]*>/g, '')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  if (!read.ok)
    throw new CommandFailed(
      `${args.file}: ${read.errors.length} problem(s), nothing changed:\n` +
        read.errors.map((e) => `  - ${plain(vi.targets.sheetError(e))}`).join('\n'),
    );
  const input = { clusterId: cluster.id, year: read.year, targets: read.targets };
  const result = args['dry-run'] ? await previewTargetsAsSystem(deps, input) : await importTargetsAsSystem(deps, input);
  const verb = args['dry-run'] ? 'Would change' : 'Changed';
  process.stdout.write(
    `${verb} ${result.changes.length} target(s) of ${result.units} unit(s) for ${result.year} in ${cluster.name}` +
      ` (${result.unchanged} given with their current value).\n`,
  );
  for (const c of result.changes)
    process.stdout.write(
      `  ${c.unitCode.padEnd(6)} ${c.indicator}: ${c.oldValue === null ? '-' : formatNumber(c.oldValue)} -> ${formatNumber(c.newValue)}\n`,
    );
  if (!args['dry-run'] && result.changes.length > 0)
    process.stdout.write('Recorded in the audit log (target.import); config sync keeps these values.\n');
}
