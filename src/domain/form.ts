import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { parseVietnameseDate, type DateWindow } from './dates.js';
import { MAX_ABS, parseVietnameseNumber } from './numbers.js';
import { cleanText, foldVietnamese, normalizeDigits } from './text.js';
import {
  templateFields,
  type FieldDefinition,
  type NumericField,
  type TemplateDefinition,
  type TemplateField,
} from './template.js';

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
  return Array.isArray(answer)
    ? answer.includes(String(field.showIf.equals))
    : isDeepStrictEqual(answer, field.showIf.equals);
}

/** The fields to ask given the answers so far, numbered as the person sees them. */
export function visibleFields(template: TemplateDefinition, answers: Answers): TemplateField[] {
  // Conditions only look back, so deciding in order sees every answer that matters.
  return templateFields(template)
    .filter(({ field }) => isVisible(field, answers))
    .map((item, i) => ({ ...item, position: i + 1 }));
}

export type FormStep = { kind: 'question'; item: TemplateField; total: number } | { kind: 'review'; total: number };

/** The first visible field without an answer, or the review once every one has one. */
export function nextStep(template: TemplateDefinition, answers: Answers): FormStep {
  const fields = visibleFields(template, answers);
  const item = fields.find(({ field }) => !(field.key in answers));
  return item ? { kind: 'question', item, total: fields.length } : { kind: 'review', total: fields.length };
}

/** Where "Quay lại" goes: the visible field before `key`, or the last one from the review. */
export function previousField(
  template: TemplateDefinition,
  answers: Answers,
  key: string | undefined,
): TemplateField | undefined {
  const fields = visibleFields(template, answers);
  const index = key === undefined ? fields.length : fields.findIndex(({ field }) => field.key === key);
  return index > 0 ? fields[index - 1] : undefined;
}

/** Answers to fields no longer asked (a condition changed) are kept but not counted. */
export function visibleAnswers(template: TemplateDefinition, answers: Answers): Answers {
  return Object.fromEntries(
    visibleFields(template, answers)
      .filter(({ field }) => field.key in answers)
      .map(({ field }) => [field.key, answers[field.key]!]),
  );
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
  | { code: 'below_min'; min: number; max?: number }
  | { code: 'above_max'; max: number; min?: number }
  /** Too many digits to be a real count or amount: the allowed range is named. */
  | { code: 'too_large'; min: number; max: number }
  | { code: 'too_long'; maxLength: number; length: number }
  | { code: 'not_a_date' }
  | { code: 'not_an_option'; count: number }
  | { code: 'not_yes_no' };

export type ParsedAnswer = { ok: true; value: Exclude<AnswerValue, null> } | { ok: false; problem: AnswerProblem };

/**
 * Yes and no as people type them, compared without diacritics (phones without a Vietnamese
 * keyboard send "co", "khong"), after dropping a polite "dạ"/"thưa" before and "ạ"/"nhé"
 * after: "Có ạ", "dạ vâng", "không ạ", "chưa có", "ok".
 */
const YES = new Set([
  'co',
  'c',
  'roi',
  'da',
  'vang',
  'dung',
  'dung roi',
  'co roi',
  'da co',
  'yes',
  'y',
  'ok',
  'oke',
  'okay',
  'u',
  'uh',
  'um',
]);
const NO = new Set([
  'khong',
  'ko',
  'k',
  'kh',
  'khg',
  'hong',
  'hok',
  'chua',
  'chua co',
  'khong co',
  'chua roi',
  'no',
  'n',
]);
/** Words said for politeness at the end of an answer ("12 người ạ", "có nhé"). */
const POLITE_AFTER = new Set(['a', 'nhe', 'nha', 'nhen', 'ha']);
/** Words said for politeness before an answer ("dạ có", "thưa không"). */
const POLITE_BEFORE = new Set(['da', 'thua', 'vang']);

/** Context for reading an answer: `today` completes dates typed without a year, `period` is the time being reported. */
export interface AnswerContext {
  period?: DateWindow;
}

/** Reads a typed answer. `today` completes dates typed without a year ("6/12"), see `readVietnameseDate`. */
export function parseAnswer(
  field: FieldDefinition,
  input: string,
  today: Date = new Date(),
  context: AnswerContext = {},
): ParsedAnswer {
  const text = cleanText(input);
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
      const number = numberPart(text, fieldUnit(field));
      if (number === undefined) return { ok: false, problem: { code: 'not_a_number' } };
      const parsed = parseVietnameseNumber(number);
      if (!parsed.ok) {
        if (parsed.reason === 'too_large')
          return { ok: false, problem: { code: 'too_large', min: field.min ?? -MAX_ABS, max: field.max ?? MAX_ABS } };
        return parsed.reason === 'ambiguous'
          ? { ok: false, problem: { code: 'ambiguous', candidates: parsed.candidates } }
          : { ok: false, problem: { code: 'not_a_number' } };
      }
      return checkNumber(field, parsed.value);
    }
    case 'date': {
      const date = parseVietnameseDate(text, today, context.period);
      return date ? { ok: true, value: date } : { ok: false, problem: { code: 'not_a_date' } };
    }
    case 'yes_no': {
      const yes = yesNo(text);
      return yes === undefined ? { ok: false, problem: { code: 'not_yes_no' } } : { ok: true, value: yes };
    }
    case 'choice': {
      const option = optionFor(field.options, text);
      return option === undefined
        ? { ok: false, problem: { code: 'not_an_option', count: field.options.length } }
        : { ok: true, value: option };
    }
    case 'multi_choice': {
      const whole = optionFor(field.options, text);
      if (whole !== undefined) return { ok: true, value: [whole] };
      const chosen = normalizeDigits(text)
        .split(/[,;]+|\s+(?=\d)/)
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => optionFor(field.options, part));
      if (chosen.some((o) => o === undefined))
        return { ok: false, problem: { code: 'not_an_option', count: field.options.length } };
      return { ok: true, value: field.options.filter((o) => chosen.includes(o)) };
    }
  }
}

/**
 * The number in "12 vụ", "1.500 người ạ", "87,5 %", "15 phần trăm": what follows the digits
 * may only be the field's unit or its first words ("vụ" for "vụ việc"), compared without
 * case or diacritics, and polite words. undefined when something else follows ("12 triệu"
 * for a field in "đồng" is not 12).
 */
function numberPart(text: string, unit: string | undefined): string | undefined {
  const normal = normalizeDigits(text)
    .replace(/[!?…]+$/u, '')
    .replace(/(?<=\D)\.+$/u, '')
    .trim();
  const match = /^([+-]?\s*\d[\d.,\s]*?)\s*([^\d.,\s].*)?$/su.exec(normal);
  if (!match) return normal;
  const rest = match[2] === undefined ? [] : foldVietnamese(match[2].replace(/%/g, ' % ')).split(' ').filter(Boolean);
  // "12 ạ" is polite, "12a" is a typo.
  const attached = match[2] !== undefined && !/\s$/.test(normal.slice(0, normal.length - match[2].length));
  while (rest.length > (attached ? 1 : 0) && POLITE_AFTER.has(rest.at(-1)!)) rest.pop();
  if (rest.length === 0) return match[1]!;
  const units = unit === '%' ? [['%'], ['phan', 'tram']] : unit ? [foldVietnamese(unit).split(' ')] : [];
  const isUnit = units.some((words) => rest.length <= words.length && rest.every((word, i) => word === words[i]));
  return isUnit ? match[1]! : undefined;
}

function yesNo(text: string): boolean | undefined {
  const words = foldVietnamese(text)
    .replace(/[.!?,…]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && POLITE_AFTER.has(words.at(-1)!)) words.pop();
  while (words.length > 1 && POLITE_BEFORE.has(words[0]!)) words.shift();
  const phrase = words.join(' ');
  if (YES.has(phrase)) return true;
  if (NO.has(phrase)) return false;
  return undefined;
}

/** An option by its number ("2") or its text, ignoring case, then diacritics if that names only one. */
function optionFor(options: string[], text: string): string | undefined {
  const digits = normalizeDigits(text);
  if (/^\d{1,2}$/.test(digits)) return options[Number(digits) - 1];
  const exact = options.find((o) => o.toLowerCase() === text.toLowerCase());
  if (exact !== undefined) return exact;
  const folded = options.filter((o) => foldVietnamese(o) === foldVietnamese(text));
  return folded.length === 1 ? folded[0] : undefined;
}

/** Bounds and whole-number checks, also for a number picked from the ambiguity buttons. */
export function checkNumber(field: NumericField, value: number): ParsedAnswer {
  if (field.type === 'integer' && !Number.isInteger(value)) return { ok: false, problem: { code: 'not_integer' } };
  if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS)
    return { ok: false, problem: { code: 'too_large', min: field.min ?? -MAX_ABS, max: field.max ?? MAX_ABS } };
  const range = {
    ...(field.min !== undefined ? { min: field.min } : {}),
    ...(field.max !== undefined ? { max: field.max } : {}),
  };
  if (field.min !== undefined && value < field.min)
    return { ok: false, problem: { code: 'below_min', ...range, min: field.min } };
  if (field.max !== undefined && value > field.max)
    return { ok: false, problem: { code: 'above_max', ...range, max: field.max } };
  return { ok: true, value };
}

/**
 * The last guard before an answer is written: a number must be finite (JSON would turn NaN
 * and Infinity into null, stored as "skipped"), text must hold no NUL or lone surrogate
 * (Postgres refuses them). Throws: reaching it with such a value is a bug upstream.
 */
export function assertStorableAnswer(value: AnswerValue): void {
  const badText = (t: string) =>
    // eslint-disable-next-line no-control-regex -- NUL is what this refuses
    /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(t);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`refusing to store the number ${value}`);
  if (typeof value === 'string' && badText(value))
    throw new Error('refusing to store text with NUL or a lone surrogate');
  if (Array.isArray(value) && value.some(badText))
    throw new Error('refusing to store an option with NUL or a lone surrogate');
}
