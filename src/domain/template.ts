import { z } from 'zod';

/**
 * A report template: sections (usually one per task) of typed fields.
 * Stored as JSON in the database, so the schema is the contract for old versions too.
 */
const key = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lowercase latin letters, digits or _ (max 32)');

/** Ask a field only when an earlier answer makes it relevant ("if congress held = Có"). */
export const conditionSchema = z.object({
  field: key,
  equals: z.union([z.string(), z.number(), z.boolean()]),
});

const baseField = {
  key,
  label: z.string().trim().min(1).max(200),
  help: z.string().trim().max(500).optional(),
  required: z.boolean().default(true),
  showIf: conditionSchema.optional(),
};

/**
 * How a number adds up over time in a summary: `sum` (a flow: new members this month),
 * `last` (a stock: members at the end of the period), `max` or `avg`. Optional, so templates
 * written before it keep their checksum; read it with `aggregateOf` (which knows the default).
 */
export const AGGREGATES = ['sum', 'last', 'max', 'avg'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
const aggregate = z.enum(AGGREGATES).optional();

const numberBounds = {
  unit: z.string().trim().max(40).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** The yearly target indicator (chỉ tiêu) this number counts towards. */
  target: key.optional(),
  aggregate,
};

const options = z.array(z.string().trim().min(1).max(60)).min(2).max(12);
const maxLength = (fallback: number) => z.number().int().min(1).max(3500).default(fallback);

export const fieldSchema = z.discriminatedUnion('type', [
  z.object({ ...baseField, ...numberBounds, type: z.literal('integer') }),
  z.object({ ...baseField, ...numberBounds, type: z.literal('decimal') }),
  z.object({
    ...baseField,
    type: z.literal('percent'),
    min: z.number().default(0),
    max: z.number().default(100),
    target: key.optional(),
    aggregate,
  }),
  z.object({ ...baseField, type: z.literal('text'), maxLength: maxLength(300) }),
  z.object({ ...baseField, type: z.literal('long_text'), maxLength: maxLength(2000) }),
  z.object({ ...baseField, type: z.literal('choice'), options }),
  z.object({ ...baseField, type: z.literal('multi_choice'), options }),
  z.object({ ...baseField, type: z.literal('yes_no') }),
  z.object({ ...baseField, type: z.literal('date') }),
]);

export type NumericField = Extract<FieldDefinition, { type: 'integer' | 'decimal' | 'percent' }>;
export const isNumeric = (field: FieldDefinition): field is NumericField =>
  field.type === 'integer' || field.type === 'decimal' || field.type === 'percent';

/**
 * How a number field aggregates over time: as stated, else `avg` for a percent (a rate never
 * adds up) and `sum` for integers and decimals (flows). Stocks must say `last`.
 */
export function aggregateOf(field: NumericField): Aggregate {
  return field.aggregate ?? (field.type === 'percent' ? 'avg' : 'sum');
}

export const sectionSchema = z.object({
  title: z.string().trim().min(1).max(200),
  fields: z.array(fieldSchema).min(1),
});

export const templateDefinitionObject = z.object({
  title: z.string().trim().min(1).max(120),
  sections: z.array(sectionSchema).min(1),
});

/** Checks zod cannot express per field: unique keys, min <= max. */
export function checkTemplate(template: z.infer<typeof templateDefinitionObject>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  const earlier = new Map<string, FieldDefinition>();
  template.sections.forEach((section, s) =>
    section.fields.forEach((field, f) => {
      const path = ['sections', s, 'fields', f];
      if (seen.has(field.key)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `duplicate field key "${field.key}"` });
      }
      seen.add(field.key);
      if (isNumeric(field) && field.min !== undefined && field.max !== undefined && field.min > field.max) {
        ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: 'min is greater than max' });
      }
      if (field.showIf) {
        const target = earlier.get(field.showIf.field);
        if (!target) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'showIf', 'field'],
            message: `"${field.showIf.field}" is not an earlier field`,
          });
        } else if (!conditionFits(target, field.showIf.equals)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'showIf', 'equals'],
            message: `cannot be an answer of "${target.key}"`,
          });
        }
      }
      earlier.set(field.key, field);
    }),
  );
}

export const templateDefinitionSchema = templateDefinitionObject.superRefine(checkTemplate);

function conditionFits(target: FieldDefinition, equals: string | number | boolean): boolean {
  switch (target.type) {
    case 'yes_no':
      return typeof equals === 'boolean';
    case 'choice':
    case 'multi_choice':
      return typeof equals === 'string' && target.options.includes(equals);
    case 'integer':
    case 'decimal':
    case 'percent':
      return typeof equals === 'number';
    default:
      return typeof equals === 'string';
  }
}

export type FieldDefinition = z.infer<typeof fieldSchema>;
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

export interface TemplateField {
  field: FieldDefinition;
  sectionTitle: string;
  /** 1-based position among all fields, for "Câu 3/12". */
  position: number;
}

export function templateFields(template: TemplateDefinition): TemplateField[] {
  let position = 0;
  return template.sections.flatMap((section) =>
    section.fields.map((field) => ({ field, sectionTitle: section.title, position: ++position })),
  );
}
