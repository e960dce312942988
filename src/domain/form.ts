import { z } from 'zod';
import { parseVietnameseNumber } from './numbers.js';
import { templateFields, type FieldDefinition, type TemplateDefinition, type TemplateField } from './template.js';

/** A stored answer; null means the person skipped an optional field. */
export const answerValueSchema = z.union([z.number(), z.string(), z.null()]);
export const answersSchema = z.record(z.string(), answerValueSchema);
export type AnswerValue = z.infer<typeof answerValueSchema>;
export type Answers = z.infer<typeof answersSchema>;

export type FormStep =
  | { kind: 'question'; item: TemplateField; total: number }
  | { kind: 'review'; total: number };

/** The first field without an answer, or the review once every field has one. */
export function nextStep(template: TemplateDefinition, answers: Answers): FormStep {
  const fields = templateFields(template);
  const item = fields.find(({ field }) => !(field.key in answers));
  return item ? { kind: 'question', item, total: fields.length } : { kind: 'review', total: fields.length };
}

export type AnswerProblem =
  | { code: 'empty' }
  | { code: 'not_a_number' }
  | { code: 'not_integer' }
  | { code: 'ambiguous'; candidates: [number, number] }
  | { code: 'below_min'; min: number }
  | { code: 'above_max'; max: number }
  | { code: 'too_long'; maxLength: number; length: number };

export type ParsedAnswer = { ok: true; value: number | string } | { ok: false; problem: AnswerProblem };

export function parseAnswer(field: FieldDefinition, input: string): ParsedAnswer {
  let text = input.trim();
  // "12 người" answers a question asked in "người": the unit is not part of the number.
  if (field.type !== 'text' && field.unit && text.toLowerCase().endsWith(field.unit.toLowerCase())) {
    text = text.slice(0, -field.unit.length).trim();
  }
  if (text === '') return { ok: false, problem: { code: 'empty' } };
  switch (field.type) {
    case 'text':
      return text.length > field.maxLength
        ? { ok: false, problem: { code: 'too_long', maxLength: field.maxLength, length: text.length } }
        : { ok: true, value: text };
    case 'integer':
    case 'decimal': {
      const parsed = parseVietnameseNumber(text);
      if (!parsed.ok) {
        return parsed.reason === 'ambiguous'
          ? { ok: false, problem: { code: 'ambiguous', candidates: parsed.candidates } }
          : { ok: false, problem: { code: 'not_a_number' } };
      }
      return checkNumber(field, parsed.value);
    }
  }
}

function checkNumber(field: Extract<FieldDefinition, { type: 'integer' | 'decimal' }>, value: number): ParsedAnswer {
  if (field.type === 'integer' && !Number.isInteger(value)) return { ok: false, problem: { code: 'not_integer' } };
  if (field.min !== undefined && value < field.min) return { ok: false, problem: { code: 'below_min', min: field.min } };
  if (field.max !== undefined && value > field.max) return { ok: false, problem: { code: 'above_max', max: field.max } };
  return { ok: true, value };
}

/** Required fields still unanswered (or skipped): a report with any cannot be submitted. */
export function missingRequired(template: TemplateDefinition, answers: Answers): FieldDefinition[] {
  return templateFields(template)
    .map(({ field }) => field)
    .filter((field) => field.required && (answers[field.key] === undefined || answers[field.key] === null));
}
