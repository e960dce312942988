import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { checkSchedule, scheduleDefinitionObject } from '../domain/periods.js';
import { summarySettingsSchema } from '../domain/summary/settings.js';
import { checkTemplate, templateDefinitionObject } from '../domain/template.js';
import { ConfigError } from './errors.js';

/** A day: long enough to be read in the course of one working day, soon enough to matter. */
export const DEFAULT_RENUDGE_HOURS = 24;

const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 latin letters, digits, - or _');

export const clusterConfigSchema = z
  .object({
    cluster: z.object({
      code,
      name: z.string().trim().min(1).max(120),
      /** Code of the unit that chairs the cluster this term. */
      leader: code,
    }),
    units: z.array(z.object({ code, name: z.string().trim().min(1).max(120) })).min(1),
    templates: z.array(templateDefinitionObject.extend({ code }).superRefine(checkTemplate)).min(1),
    schedules: z
      .array(
        z
          .intersection(scheduleDefinitionObject, z.object({ code, template: code }))
          .superRefine((schedule, ctx) => checkSchedule(schedule, ctx)),
      )
      .min(1),
    /** Yearly targets per unit: indicator → value, matched by the `target` of number fields. */
    targets: z
      .array(
        z.object({
          unit: code,
          year: z.number().int().min(2000).max(2100),
          values: z.record(
            z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'indicator codes are lowercase latin'),
            z.number().min(0),
          ),
        }),
      )
      .default([]),
    /** Guidance: one automatic reminder to those who have not pressed "Đã nhận", after this many hours (0 = none). */
    guidance: z
      .object({ renudgeAfterHours: z.number().int().min(0).max(720).default(DEFAULT_RENUDGE_HOURS) })
      .default({ renudgeAfterHours: DEFAULT_RENUDGE_HOURS }),
    /**
     * The consolidated summary: the "still low" rule (pace, tolerance) and what units see.
     * Left out, the defaults apply (domain/summary/settings.ts); kept optional so a config
     * without it stores nothing new.
     */
    summary: summarySettingsSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const unitCodes = new Set<string>();
    config.units.forEach((unit, i) => {
      if (unitCodes.has(unit.code))
        ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `duplicate unit code "${unit.code}"` });
      unitCodes.add(unit.code);
    });
    if (!unitCodes.has(config.cluster.leader)) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'leader'],
        message: `"${config.cluster.leader}" is not one of the units`,
      });
    }
    const targetKeys = new Set<string>();
    config.targets.forEach((target, i) => {
      if (!unitCodes.has(target.unit))
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'unit'],
          message: `"${target.unit}" is not one of the units`,
        });
      for (const indicator of Object.keys(target.values)) {
        const id = `${target.unit}/${target.year}/${indicator}`;
        if (targetKeys.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['targets', i, 'values', indicator],
            message: `given twice for ${target.unit} in ${target.year}`,
          });
        targetKeys.add(id);
      }
    });
    const templateCodes = new Set(config.templates.map((t) => t.code));
    if (templateCodes.size !== config.templates.length)
      ctx.addIssue({ code: 'custom', path: ['templates'], message: 'template codes must be unique' });
    const scheduleCodes = new Set(config.schedules.map((s) => s.code));
    if (scheduleCodes.size !== config.schedules.length)
      ctx.addIssue({ code: 'custom', path: ['schedules'], message: 'schedule codes must be unique' });
    config.schedules.forEach((schedule, i) => {
      if (!templateCodes.has(schedule.template)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'template'],
          message: `no template with code "${schedule.template}"`,
        });
      }
    });
  });

export type ClusterConfig = z.infer<typeof clusterConfigSchema>;

export function parseClusterConfig(text: string, source = 'cluster config'): ClusterConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new ConfigError(source, [`not valid YAML: ${error.message}`]);
    throw error;
  }
  const result = clusterConfigSchema.safeParse(raw);
  if (!result.success) throw ConfigError.fromZod(source, result.error);
  return result.data;
}

export async function loadClusterConfig(path: string): Promise<ClusterConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return parseClusterConfig(text, path);
}
