import { describe, expect, it } from 'vitest';
import {
  answersSchema,
  assertStorableAnswer,
  checkNumber,
  missingRequired,
  nextStep,
  parseAnswer,
  type Answers,
} from '../../src/domain/form.js';
import {
  fieldSchema,
  templateDefinitionSchema,
  type FieldDefinition,
  type NumericField,
} from '../../src/domain/template.js';

const template = templateDefinitionSchema.parse({
  title: 'Báo cáo tháng',
  sections: [
    {
      title: 'Nhiệm vụ 2',
      fields: [
        { key: 'hoi_vien_moi', label: 'Số hội viên mới', type: 'integer', min: 0, max: 10000 },
        { key: 'von_ho_tro', label: 'Vốn hỗ trợ', type: 'decimal', min: 0, required: false },
      ],
    },
    {
      title: 'Nhiệm vụ 5',
      fields: [
        { key: 'noi_bat', label: 'Kết quả nổi bật', type: 'text', maxLength: 10 },
        { key: 'kien_nghi', label: 'Kiến nghị', type: 'text', required: false },
      ],
    },
  ],
});

const field = (input: Record<string, unknown>): FieldDefinition =>
  fieldSchema.parse({ key: 'f', label: 'F', ...input });

function questionKey(answers: Answers): string | undefined {
  const step = nextStep(template, answers);
  return step.kind === 'question' ? step.item.field.key : undefined;
}

describe('nextStep', () => {
  it('starts with the first field of the first section, numbered 1 of all fields', () => {
    const step = nextStep(template, {});
    expect(step).toMatchObject({ kind: 'question', total: 4, item: { position: 1, sectionTitle: 'Nhiệm vụ 2' } });
    expect(questionKey({})).toBe('hoi_vien_moi');
  });

  it('walks the fields in order, crossing into the next section', () => {
    expect(questionKey({ hoi_vien_moi: 3 })).toBe('von_ho_tro');
    const step = nextStep(template, { hoi_vien_moi: 3, von_ho_tro: 2.5 });
    expect(step).toMatchObject({
      kind: 'question',
      item: { position: 3, sectionTitle: 'Nhiệm vụ 5', field: { key: 'noi_bat' } },
    });
  });

  it('treats a skipped field (null) as answered and moves on', () => {
    expect(questionKey({ hoi_vien_moi: 3, von_ho_tro: null })).toBe('noi_bat');
  });

  it('goes back to the earliest unanswered field even if later ones are filled', () => {
    expect(questionKey({ von_ho_tro: 1, noi_bat: 'Tốt' })).toBe('hoi_vien_moi');
  });

  it('ignores answers for keys that are not in the template', () => {
    expect(questionKey({ khac: 5, hoi_vien_moi: 1, von_ho_tro: null, noi_bat: 'x' })).toBe('kien_nghi');
  });

  it('shows the review once every field has an answer or was skipped', () => {
    expect(nextStep(template, { hoi_vien_moi: 3, von_ho_tro: null, noi_bat: 'Tốt', kien_nghi: null })).toEqual({
      kind: 'review',
      total: 4,
    });
  });
});

describe('parseAnswer: integer', () => {
  const integer = field({ type: 'integer', min: 0, max: 10000 });

  it.each([
    ['1.500', 1500],
    ['1 500', 1500],
    ['0', 0],
    ['10.000', 10000],
    [' 42 ', 42],
  ])('accepts %j as %d', (input, value) => {
    expect(parseAnswer(integer, input)).toEqual({ ok: true, value });
  });

  it.each(['2,5', '2.5', '1.500,5'])('rejects the fraction %j as not an integer', (input) => {
    expect(parseAnswer(integer, input)).toEqual({ ok: false, problem: { code: 'not_integer' } });
  });

  it('rejects below the minimum, naming the range', () => {
    expect(parseAnswer(integer, '-1')).toEqual({ ok: false, problem: { code: 'below_min', min: 0, max: 10000 } });
  });

  it('rejects above the maximum, naming the range', () => {
    expect(parseAnswer(integer, '10.001')).toEqual({ ok: false, problem: { code: 'above_max', max: 10000, min: 0 } });
  });

  it('asks back about "1,500" with both readings', () => {
    expect(parseAnswer(integer, '1,500')).toEqual({
      ok: false,
      problem: { code: 'ambiguous', candidates: [1.5, 1500] },
    });
  });

  it.each(['abc', '12.34.5', 'mười'])('rejects %j as not a number', (input) => {
    expect(parseAnswer(integer, input)).toEqual({ ok: false, problem: { code: 'not_a_number' } });
  });

  it.each(['', '   ', '\n'])('rejects the blank answer %j as empty', (input) => {
    expect(parseAnswer(integer, input)).toEqual({ ok: false, problem: { code: 'empty' } });
  });

  it('has no bounds unless the template sets them', () => {
    expect(parseAnswer(field({ type: 'integer' }), '-1.000.000')).toEqual({ ok: true, value: -1_000_000 });
  });
});

describe('parseAnswer: decimal', () => {
  const decimal = field({ type: 'decimal', min: 0, max: 100 });

  it.each([
    ['2,5', 2.5],
    ['2.5', 2.5],
    ['0,25', 0.25],
    ['100', 100],
  ])('accepts %j as %d', (input, value) => {
    expect(parseAnswer(decimal, input)).toEqual({ ok: true, value });
  });

  it('applies min and max to fractions too', () => {
    expect(parseAnswer(decimal, '-0,5')).toEqual({ ok: false, problem: { code: 'below_min', min: 0, max: 100 } });
    expect(parseAnswer(decimal, '100,01')).toEqual({ ok: false, problem: { code: 'above_max', max: 100, min: 0 } });
  });

  it('still asks back about "1,500"', () => {
    expect(parseAnswer(decimal, '1,500')).toEqual({
      ok: false,
      problem: { code: 'ambiguous', candidates: [1.5, 1500] },
    });
  });
});

describe('parseAnswer: text', () => {
  const text = field({ type: 'text', maxLength: 10 });

  it('keeps the text, trimmed', () => {
    expect(parseAnswer(text, '  Tốt lắm \n')).toEqual({ ok: true, value: 'Tốt lắm' });
  });

  it('accepts exactly maxLength characters', () => {
    expect(parseAnswer(text, 'Khó khăn 1')).toEqual({ ok: true, value: 'Khó khăn 1' });
  });

  it('rejects one character too many, saying the limit and the length', () => {
    expect(parseAnswer(text, 'Khó khăn 12')).toEqual({
      ok: false,
      problem: { code: 'too_long', maxLength: 10, length: 11 },
    });
  });

  it('does not count surrounding spaces towards the limit', () => {
    expect(parseAnswer(text, '   1234567890   ')).toEqual({ ok: true, value: '1234567890' });
  });

  it('does not parse numbers in a text field', () => {
    expect(parseAnswer(text, '1.500')).toEqual({ ok: true, value: '1.500' });
  });

  it('rejects a blank answer as empty', () => {
    expect(parseAnswer(text, '  ')).toEqual({ ok: false, problem: { code: 'empty' } });
  });

  it('defaults to 300 characters for a short text and 2000 for a long one', () => {
    const short = field({ type: 'text' });
    expect(parseAnswer(short, 'a'.repeat(300)).ok).toBe(true);
    expect(parseAnswer(short, 'a'.repeat(301))).toEqual({
      ok: false,
      problem: { code: 'too_long', maxLength: 300, length: 301 },
    });
    const long = field({ type: 'long_text' });
    expect(parseAnswer(long, 'a'.repeat(2000)).ok).toBe(true);
    expect(parseAnswer(long, 'a'.repeat(2001)).ok).toBe(false);
  });
});

describe('missingRequired', () => {
  const keys = (answers: Answers) => missingRequired(template, answers).map((f) => f.key);

  it('lists every required field of an empty report, in template order', () => {
    expect(keys({})).toEqual(['hoi_vien_moi', 'noi_bat']);
  });

  it('counts a skipped required field as missing', () => {
    expect(keys({ hoi_vien_moi: null, noi_bat: 'Tốt' })).toEqual(['hoi_vien_moi']);
  });

  it('does not require optional fields, answered or not', () => {
    expect(keys({ hoi_vien_moi: 0, noi_bat: 'Tốt' })).toEqual([]);
    expect(keys({ hoi_vien_moi: 0, noi_bat: 'Tốt', von_ho_tro: null, kien_nghi: null })).toEqual([]);
  });

  it('accepts 0 as an answer', () => {
    expect(keys({ hoi_vien_moi: 0 })).toEqual(['noi_bat']);
  });
});

describe('answersSchema (stored answers)', () => {
  it('accepts numbers, text and skips', () => {
    expect(answersSchema.safeParse({ a: 1.5, b: 'x', c: null }).success).toBe(true);
  });

  it('keeps yes/no and multiple choices, and rejects other kinds of values', () => {
    expect(answersSchema.safeParse({ a: true, b: ['x', 'y'] }).success).toBe(true);
    expect(answersSchema.safeParse({ a: [1] }).success).toBe(false);
    expect(answersSchema.safeParse({ a: { x: 1 } }).success).toBe(false);
  });
});

describe('parseAnswer with the unit typed after the number', () => {
  const people = {
    key: 'hoi_vien_moi',
    label: 'Số hội viên mới',
    type: 'integer',
    unit: 'người',
    required: true,
  } as const;
  it('reads "12 người" and "1.500 Người" as the number', () => {
    expect(parseAnswer(people, '12 người')).toEqual({ ok: true, value: 12 });
    expect(parseAnswer(people, '1.500 Người')).toEqual({ ok: true, value: 1500 });
  });
  it('still refuses a different word', () => {
    expect(parseAnswer(people, '12 hộ')).toEqual({ ok: false, problem: { code: 'not_a_number' } });
  });
});

describe('parseAnswer: what people type', () => {
  const cases = field({ type: 'integer', unit: 'vụ việc', min: 0 });
  const people = field({ type: 'integer', unit: 'người', min: 0, max: 100000 });
  const money = field({ type: 'decimal', unit: 'triệu đồng', min: 0 });
  const percent = field({ type: 'percent' });

  it.each([
    [cases, '12 vụ', 12], // the first word of the unit
    [cases, '12 vụ việc', 12],
    [cases, '12 vu viec', 12], // no Vietnamese keyboard
    [cases, '12 Vụ Việc.', 12],
    [people, '1.500 người ạ', 1500],
    [people, '12người', 12],
    [people, '12 ạ', 12],
    [people, '12 nhé', 12],
    [people, '１２ người', 12], // fullwidth digits
    [money, '1,250.75', 1250.75],
    [money, '1,5 triệu', 1.5],
    [money, '2,5 triệu đồng', 2.5],
    [percent, '15 phần trăm', 15],
    [percent, '87,5 %', 87.5],
  ] as const)('reads %#: %j', (f, input, value) => {
    expect(parseAnswer(f, input)).toEqual({ ok: true, value });
  });

  it.each([
    [people, '12 hội viên'], // another unit: not silently the same number
    [money, '12 tỷ'],
    [people, '12a'],
    [people, 'khoảng 12'],
    [cases, '12 vụ án'],
  ] as const)('does not read %#: %j as a number', (f, input) => {
    expect(parseAnswer(f, input)).toEqual({ ok: false, problem: { code: 'not_a_number' } });
  });

  it('refuses a number of 400 digits naming the range, never storing Infinity or "skipped"', () => {
    expect(parseAnswer(people, '9'.repeat(400))).toEqual({
      ok: false,
      problem: { code: 'too_large', min: 0, max: 100000 },
    });
    expect(parseAnswer(field({ type: 'decimal' }), '9'.repeat(400))).toEqual({
      ok: false,
      problem: { code: 'too_large', min: -999_999_999_999_999, max: 999_999_999_999_999 },
    });
    expect(parseAnswer(percent, '1'.repeat(50))).toEqual({
      ok: false,
      problem: { code: 'too_large', min: 0, max: 100 },
    });
  });

  it('reads "1,250.75" for a decimal as one number (it used to be split and become NaN)', () => {
    expect(parseAnswer(field({ type: 'decimal' }), '1,250.75')).toEqual({ ok: true, value: 1250.75 });
    expect(parseAnswer(field({ type: 'integer' }), '1,000,000')).toEqual({ ok: true, value: 1_000_000 });
  });

  it('refuses checkNumber of NaN or Infinity whatever the path', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(checkNumber(field({ type: 'decimal' }) as NumericField, value).ok).toBe(false);
    }
  });

  it.each([
    'Có ạ',
    'có',
    'co',
    'CÓ',
    'dạ có',
    'Dạ vâng ạ',
    'vâng',
    'rồi',
    'rồi ạ',
    'đã có',
    'đúng',
    'đúng rồi',
    'Có!',
    'ok',
    'ừ',
    'dạ',
    'C\u00F3'.normalize('NFD'),
  ])('reads %j as yes', (input) => {
    expect(parseAnswer(field({ type: 'yes_no' }), input)).toEqual({ ok: true, value: true });
  });

  it.each([
    'Không ạ',
    'không',
    'khong',
    'ko',
    'k',
    'chưa',
    'chua a',
    'dạ chưa',
    'thưa không',
    'chưa có',
    'không có',
    'Không.',
  ])('reads %j as no', (input) => {
    expect(parseAnswer(field({ type: 'yes_no' }), input)).toEqual({ ok: true, value: false });
  });

  it.each(['có lẽ', 'không biết', 'a', 'có không', 'sai'])('does not guess %j as yes or no', (input) => {
    expect(parseAnswer(field({ type: 'yes_no' }), input)).toEqual({ ok: false, problem: { code: 'not_yes_no' } });
  });

  it('finds an option typed without diacritics, or by a fullwidth number', () => {
    const choice = field({ type: 'choice', options: ['Ổn định', 'Cần chú ý', 'Phức tạp'] });
    expect(parseAnswer(choice, 'on dinh')).toEqual({ ok: true, value: 'Ổn định' });
    expect(parseAnswer(choice, '２')).toEqual({ ok: true, value: 'Cần chú ý' });
  });

  it.each(['\u200B', '\u200B\u200D', '\u0000', ' \uFEFF '])(
    'counts the invisible answer %j as empty, for text and numbers',
    (input) => {
      expect(parseAnswer(field({ type: 'text' }), input)).toEqual({ ok: false, problem: { code: 'empty' } });
      expect(parseAnswer(field({ type: 'integer' }), input)).toEqual({ ok: false, problem: { code: 'empty' } });
    },
  );

  it('stores text without NUL or lone surrogates', () => {
    expect(parseAnswer(field({ type: 'text' }), 'Tốt\u0000 lắm\uD800')).toEqual({ ok: true, value: 'Tốt lắm\uFFFD' });
  });
});

describe('assertStorableAnswer', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'a\u0000b', 'x\uD800', ['ok', 'b\u0000']])('throws on %j', (value) => {
    expect(() => assertStorableAnswer(value)).toThrow();
  });

  it.each([0, -2.5, 1500, 'Tốt 😀', true, null, ['A', 'B']])('lets %j through', (value) => {
    expect(() => assertStorableAnswer(value)).not.toThrow();
  });
});
