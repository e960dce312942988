/**
 * The cluster's `summary:` settings (config file, stored on the cluster's row): how the
 * "still low" rule (chỉ tiêu còn thấp) judges a unit's progress against its yearly target,
 * and whether a unit may see the other units' numbers. Pure: zod schema and defaults only.
 */
import { z } from 'zod';

/** How much of a yearly target is expected by the end of each month: `linear` (m/12) or 12 cumulative shares. */
export type Pace = 'linear' | number[];

const paceSchema = z
  .union([z.literal('linear'), z.array(z.number().min(0).max(1)).length(12, 'must give 12 monthly shares')])
  .default('linear')
  .superRefine((pace, ctx) => {
    if (pace === 'linear' || pace.length !== 12) return;
    pace.forEach((share, i) => {
      if (i > 0 && share < pace[i - 1]!)
        ctx.addIssue({ code: 'custom', path: [i], message: 'cumulative shares must not decrease' });
    });
    if (pace[11] !== 1)
      ctx.addIssue({ code: 'custom', path: [11], message: 'the share at the end of December must be 1' });
  });

const line = z.string().trim().min(1).max(200);

/**
 * The `summary.documents` block: the issuing body's superior line over the cluster's name
 * ("HỘI CỰU CHIẾN BINH TỈNH HƯNG YÊN"), the place on the date line, the signer and the
 * recipients ("Nơi nhận"). Every key is optional: the draft then prints the defaults of
 * i18n/vi/summary.ts or dotted lines to fill in, never someone's name made up.
 */
export const documentSettingsSchema = z.object({
  issuingBody: line.optional(),
  place: line.optional(),
  signer: z.object({ title: line.optional(), name: line.optional() }).optional(),
  recipients: z.array(line).max(20).optional(),
});

export type DocumentSettings = z.infer<typeof documentSettingsSchema>;

/** Defaults: linear pace, 10 % tolerance, units see only their rank and the cluster median. */
export const DEFAULT_TOLERANCE = 0.1;

export const summarySettingsSchema = z.object({
  stillLow: z
    .object({
      /** Expected cumulative share of the yearly target at the end of each month. */
      pace: paceSchema,
      /** A unit is "còn thấp" when its year-to-date share is below expected × (1 − tolerance). */
      tolerance: z.number().min(0).max(1).default(DEFAULT_TOLERANCE),
    })
    .prefault({}),
  /** A unit's progress may show the other units' own numbers (default: only its rank and the median). */
  unitsSeeOthers: z.boolean().default(false),
  /** Who issues and signs the Word draft (documents/summary-docx.ts); left out, its lines are left to fill in. */
  documents: documentSettingsSchema.optional(),
});

export type SummarySettings = z.infer<typeof summarySettingsSchema>;

export const DEFAULT_SUMMARY_SETTINGS: SummarySettings = summarySettingsSchema.parse({});

/** Stored settings (JSON, possibly from an older version, possibly null) read with the defaults filled in. */
export function readSummarySettings(stored: unknown): SummarySettings {
  const parsed = summarySettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_SUMMARY_SETTINGS;
}

/**
 * The share (0–1) of a yearly target expected by the end of month `month1` (1–12) under
 * `pace`: linear is month/12; a list gives it directly.
 */
export function expectedShare(pace: Pace, month1: number): number {
  const m = Math.min(12, Math.max(1, month1));
  return pace === 'linear' ? m / 12 : pace[m - 1]!;
}
