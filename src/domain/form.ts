import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { parseVietnameseDate } from './dates.js';
import { parseVietnameseNumber } from './numbers.js';
import { isNumeric, templateFields, type FieldDefinition, type NumericField, type TemplateDefinition, type TemplateField } from './template.js';

/**
 * A stored answer: a number, a text, a date as "YYYY-MM-DD", yes/no as a boolean, the
 * chosen options of a multiple choice; null means the person skipped an optional field.
 */
export const answerValueSchema = z.union([z.number(), z.string(), z.boolean(), z.array(z.string()), z.null()]);
export const answersSchema = z.record(z.string(), answerValueSchema);
export type AnswerValue = z.infer<typeof answerValueSchema>;
export type Answers = z.infer<typeof answersSchema>;

/** The unit a number is asked in, for display and for "12 người" answers. */
export function fieldUnit(field: FieldDefinition): string | undefined {
  if (field.type === 'percent') return '%';
  return 'unit' in field ? field.unit : undefined;
}

export function isVisible(field: FieldDefinition, answers: Answers): boolean {
  if (!field.showIf) return true;
  const answer = answers[field.showIf.field];
  return Array.isArray(answer) ? answer.includes(String(field.showIf.equals)) : isDeepStrictEqual(answer, field.showIf.equals);
}

/** The fields to ask given the answers so far, numbered as the person sees them. */
export function visibleFields(template: TemplateDefinition, answers: Answers): TemplateField[] {
  // Conditions only look back, so deciding in order sees every answer that matters.
  return templateFields(template)
    .filter(({ field }) => isVisible(field, answers))
    .map((item, i) => ({ ...item, position: i + 1 }));
}

export type FormStep =
  | { kind: 'question'; item: TemplateField; total: number }
  | { kind: 'review'; total: number };

/** The first visible field without an answer, or the review once every one has one. */
export function nextStep(template: TemplateDefinition, answers: Answers): FormStep {
  const fields = visibleFields(template, answers);
  const item = fields.find(({ field }) => !(field.key in answers));
  return item ? { kind: 'question', item, total: fields.length } : { kind: 'review', total: fields.length };
}

/** Where "Quay lại" goes: the visible field before `key`, or the last one from the review. */
export function previousField(template: TemplateDefinition, answers: Answers, key: string | undefined): TemplateField | undefined {
  const fields = visibleFields(template, answers);
  const index = key === undefined ? fields.length : fields.findIndex(({ field }) => field.key === key);
  return index > 0 ? fields[index - 1] : undefined;
}

/** Answers to fields no longer asked (a condition changed) are kept but not counted. */
export function visibleAnswers(template: TemplateDefinition, answers: Answers): Answers {
  return Object.fromEntries(visibleFields(template, answers).filter(({ field }) => field.key in answers).map(({ field }) => [field.key, answers[field.key]!]));
}

/** Required visible fields still unanswered (or skipped): a report with any cannot be submitted. */
export function missingRequired(template: TemplateDefinition, answers: Answers): FieldDefinition[] {
  return visibleFields(template, answers)
    .map(({ field }) => field)
    .filter((field) => field.required && (answers[field.key] === undefined || answers[field.key] === null));
}

export type AnswerProblem =
  | { code: 'empty' }
  | { code: 'not_a_number' }
  | { code: 'not_integer' }
  | { code: 'ambiguous'; candidates: [number, number] }
  | { code: 'below_min'; min: number }
  | { code: 'above_max'; max: number }
  | { code: 'too_long'; maxLength: number; length: number }
  | { code: 'not_a_date' }
  | { code: 'not_an_option'; count: number }
  | { code: 'not_yes_no' };

export type ParsedAnswer = { ok: true; value: Exclude<AnswerValue, null> } | { ok: false; problem: AnswerProblem };

const YES = new Set(['có', 'co', 'c', 'rồi', 'roi', 'đã', 'da', 'yes', 'y']);
const NO = new Set(['không', 'khong', 'ko', 'k', 'chưa', 'chua', 'no', 'n']);

/** Reads a typed answer. `today` completes dates typed without a year ("6/12"). */
export function parseAnswer(field: FieldDefinition, input: string, today: Date = new Date()): ParsedAnswer {
  let text = input.trim();
  const unit = fieldUnit(field);
  // "12 người" answers a question asked in "người": the unit is not part of the number.
  if (isNumeric(field) && unit && text.toLowerCase().endsWith(unit.toLowerCase())) text = text.slice(0, -unit.length).trim();
  if (text === '') return { ok: false, problem: { code: 'empty' } };

  switch (field.type) {
    case 'text':
    case 'long_text':
      return text.length > field.maxLength
        ? { ok: false, problem: { code: 'too_long', maxLength: field.maxLength, length: text.length } }
        : { ok: true, value: text };
    case 'integer':
    case 'decimal':
    case 'percent': {
      const parsed = parseVietnameseNumber(text);
      if (!parsed.ok) {
        return parsed.reason === 'ambiguous'
          ? { ok: false, problem: { code: 'ambiguous', candidates: parsed.candidates } }
          : { ok: false, problem: { code: 'not_a_number' } };
      }
      return checkNumber(field, parsed.value);
    }
    case 'date': {
      const date = parseVietnameseDate(text, today);
      return date ? { ok: true, value: date } : { ok: false, problem: { code: 'not_a_date' } };
    }
    case 'yes_no': {
      const word = text.toLowerCase().replace(/[.!]+$/, '');
      if (YES.has(word)) return { ok: true, value: true };
      if (NO.has(word)) return { ok: true, value: false };
      return { ok: false, problem: { code: 'not_yes_no' } };
    }
    case 'choice': {
      const option = optionFor(field.options, text);
      return option === undefined ? { ok: false, problem: { code: 'not_an_option', count: field.options.length } } : { ok: true, value: option };
    }
    case 'multi_choice': {
      const whole = optionFor(field.options, text);
      if (whole !== undefined) return { ok: true, value: [whole] };
      const chosen = text.split(/[,;]+|\s+(?=\d)/).map((part) => part.trim()).filter(Boolean).map((part) => optionFor(field.options, part));
      if (chosen.some((o) => o === undefined)) return { ok: false, problem: { code: 'not_an_option', count: field.options.length } };
      return { ok: true, value: field.options.filter((o) => chosen.includes(o)) };
    }
  }
}

/** An option by its number ("2") or its text, ignoring case. */
function optionFor(options: string[], text: string): string | undefined {
  if (/^\d{1,2}$/.test(text)) return options[Number(text) - 1];
  return options.find((o) => o.toLowerCase() === text.toLowerCase());
}

/** Bounds and whole-number checks, also for a number picked from the ambiguity buttons. */
export function checkNumber(field: NumericField, value: number): ParsedAnswer {
  if (field.type === 'integer' && !Number.isInteger(value)) return { ok: false, problem: { code: 'not_integer' } };
  if (field.min !== undefined && value < field.min) return { ok: false, problem: { code: 'below_min', min: field.min } };
  if (field.max !== undefined && value > field.max) return { ok: false, problem: { code: 'above_max', max: field.max } };
  return { ok: true, value };
}
