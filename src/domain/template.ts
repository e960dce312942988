import { z } from 'zod';

/**
 * A report template: sections (usually one per task) of typed fields.
 * Stored as JSON in the database, so the schema is the contract for old versions too.
 */
const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lowercase latin letters, digits or _ (max 32)');

const baseField = {
  key,
  label: z.string().trim().min(1).max(200),
  help: z.string().trim().max(500).optional(),
  required: z.boolean().default(true),
};

const numberBounds = {
  unit: z.string().trim().max(40).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
};

export const fieldSchema = z.discriminatedUnion('type', [
  z.object({ ...baseField, ...numberBounds, type: z.literal('integer') }),
  z.object({ ...baseField, ...numberBounds, type: z.literal('decimal') }),
  z.object({ ...baseField, type: z.literal('text'), maxLength: z.number().int().min(1).max(3500).default(1000) }),
]);

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
    template.sections.forEach((section, s) =>
      section.fields.forEach((field, f) => {
        const path = ['sections', s, 'fields', f];
        if (seen.has(field.key)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `duplicate field key "${field.key}"` });
        }
        seen.add(field.key);
        if ((field.type === 'integer' || field.type === 'decimal') && field.min !== undefined && field.max !== undefined && field.min > field.max) {
          ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: 'min is greater than max' });
        }
      }),
    );
}

export const templateDefinitionSchema = templateDefinitionObject.superRefine(checkTemplate);

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
