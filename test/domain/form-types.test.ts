import { describe, expect, it } from 'vitest';
import { parseVietnameseDate } from '../../src/domain/dates.js';
import {
  missingRequired,
  nextStep,
  parseAnswer,
  previousField,
  visibleAnswers,
  visibleFields,
} from '../../src/domain/form.js';
import { fieldSchema, templateDefinitionSchema } from '../../src/domain/template.js';

const field = (input: Record<string, unknown>) => fieldSchema.parse({ key: 'f', label: 'F', ...input });
const today = new Date('2026-11-20T10:00:00+07:00');

describe('parseVietnameseDate', () => {
  it.each([
    ['6/12/2026', '2026-12-06'],
    ['06-12-2026', '2026-12-06'],
    ['6.12.26', '2026-12-06'],
    ['6/12', '2026-12-06'],
    ['29/2/2028', '2028-02-29'],
  ])('reads %s day first', (input, expected) => {
    expect(parseVietnameseDate(input, today)).toBe(expected);
  });

  it.each(['31/2/2026', '29/2/2026', '12/13', '2026-12-06', 'mai', '0/1'])('refuses %s', (input) => {
    expect(parseVietnameseDate(input, today)).toBeUndefined();
  });

  it('takes the year in Vietnam: 23:30 on 31/12 UTC is already next year there', () => {
    expect(parseVietnameseDate('1/1', new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
  });
});

describe('parseAnswer for the other field types', () => {
  it('reads percents with or without the sign, within 0-100 by default', () => {
    const percent = field({ type: 'percent' });
    expect(parseAnswer(percent, '87,5%')).toEqual({ ok: true, value: 87.5 });
    expect(parseAnswer(percent, '15 %')).toEqual({ ok: true, value: 15 });
    expect(parseAnswer(percent, '120')).toEqual({ ok: false, problem: { code: 'above_max', max: 100, min: 0 } });
  });

  it('reads yes/no words as people type them', () => {
    const yesNo = field({ type: 'yes_no' });
    for (const word of ['Có', 'co', 'rồi', 'Đã.']) expect(parseAnswer(yesNo, word)).toEqual({ ok: true, value: true });
    for (const word of ['Không', 'ko', 'chưa']) expect(parseAnswer(yesNo, word)).toEqual({ ok: true, value: false });
    expect(parseAnswer(yesNo, 'có lẽ')).toEqual({ ok: false, problem: { code: 'not_yes_no' } });
  });

  it('takes a choice by number or by text, and several for a multiple choice', () => {
    const choice = field({ type: 'choice', options: ['Ổn định', 'Phức tạp'] });
    expect(parseAnswer(choice, '2')).toEqual({ ok: true, value: 'Phức tạp' });
    expect(parseAnswer(choice, 'ổn định')).toEqual({ ok: true, value: 'Ổn định' });
    expect(parseAnswer(choice, '3')).toEqual({ ok: false, problem: { code: 'not_an_option', count: 2 } });
    const multi = field({ type: 'multi_choice', options: ['A', 'B', 'C'] });
    expect(parseAnswer(multi, '3, 1')).toEqual({ ok: true, value: ['A', 'C'] });
    expect(parseAnswer(multi, '1 3')).toEqual({ ok: true, value: ['A', 'C'] });
    const withComma = field({ type: 'multi_choice', options: ['Làm kinh tế, xóa nghèo', 'Bảo vệ môi trường'] });
    expect(parseAnswer(withComma, 'bảo vệ môi trường')).toEqual({ ok: true, value: ['Bảo vệ môi trường'] });
    expect(parseAnswer(withComma, 'Làm kinh tế, xóa nghèo')).toEqual({ ok: true, value: ['Làm kinh tế, xóa nghèo'] });
  });

  it('reads a date field against today', () => {
    expect(parseAnswer(field({ type: 'date' }), '6/12', today)).toEqual({ ok: true, value: '2026-12-06' });
    expect(parseAnswer(field({ type: 'date' }), '31/2', today)).toEqual({ ok: false, problem: { code: 'not_a_date' } });
  });
});

describe('conditions', () => {
  const template = templateDefinitionSchema.parse({
    title: 'T',
    sections: [
      {
        title: 'S',
        fields: [
          { key: 'held', label: 'Held?', type: 'yes_no' },
          { key: 'when', label: 'When', type: 'date', showIf: { field: 'held', equals: true } },
          { key: 'kinds', label: 'Kinds', type: 'multi_choice', options: ['A', 'B'], required: false },
          { key: 'about_b', label: 'About B', type: 'text', showIf: { field: 'kinds', equals: 'B' } },
          { key: 'count', label: 'Count', type: 'integer' },
        ],
      },
    ],
  });

  it('asks a field only when the earlier answer makes it relevant', () => {
    expect(nextStep(template, { held: false })).toMatchObject({
      kind: 'question',
      item: { field: { key: 'kinds' }, position: 2 },
      total: 3,
    });
    expect(nextStep(template, { held: true })).toMatchObject({ kind: 'question', item: { field: { key: 'when' } } });
    expect(nextStep(template, { held: false, kinds: ['A', 'B'] })).toMatchObject({
      item: { field: { key: 'about_b' } },
    });
  });

  it('does not require, show or count answers of fields ruled out later', () => {
    const answers = { held: false, when: '2026-12-06', kinds: null, count: 3 };
    expect(missingRequired(template, answers)).toEqual([]);
    expect(visibleAnswers(template, answers)).toEqual({ held: false, kinds: null, count: 3 });
    expect(visibleFields(template, answers).map((f) => f.field.key)).toEqual(['held', 'kinds', 'count']);
  });

  it('goes back over hidden fields', () => {
    expect(previousField(template, { held: false, kinds: null }, 'count')?.field.key).toBe('kinds');
    expect(previousField(template, { held: false, kinds: null, count: 1 }, undefined)?.field.key).toBe('count');
    expect(previousField(template, {}, 'held')).toBeUndefined();
  });

  it('rejects a condition on a later field or with a value the field cannot have', () => {
    const later = templateDefinitionSchema.safeParse({
      title: 'T',
      sections: [
        {
          title: 'S',
          fields: [
            { key: 'a', label: 'A', type: 'text', showIf: { field: 'b', equals: 'x' } },
            { key: 'b', label: 'B', type: 'text' },
          ],
        },
      ],
    });
    expect(later.success).toBe(false);
    expect(later.error?.issues[0]?.path).toEqual(['sections', 0, 'fields', 0, 'showIf', 'field']);
    const wrong = templateDefinitionSchema.safeParse({
      title: 'T',
      sections: [
        {
          title: 'S',
          fields: [
            { key: 'a', label: 'A', type: 'yes_no' },
            { key: 'b', label: 'B', type: 'text', showIf: { field: 'a', equals: 'Có' } },
          ],
        },
      ],
    });
    expect(wrong.error?.issues[0]?.message).toBe('cannot be an answer of "a"');
  });
});
