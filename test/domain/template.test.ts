import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { templateDefinitionSchema, templateFields } from '../../src/domain/template.js';

function problems(input: unknown): string[] {
  const result = templateDefinitionSchema.safeParse(input);
  if (result.success) return [];
  return ConfigError.fromZod('template', result.error).problems;
}

const integer = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  label: `Số ${key}`,
  type: 'integer',
  ...extra,
});
const text = (key: string) => ({ key, label: `Ý kiến ${key}`, type: 'text' });
const template = (...sections: Array<{ title: string; fields: unknown[] }>) => ({ title: 'Báo cáo tháng', sections });

describe('template validation', () => {
  it('accepts a valid template and fills in the defaults', () => {
    const parsed = templateDefinitionSchema.parse(
      template({ title: 'A', fields: [integer('so_vu'), text('noi_bat')] }),
    );
    expect(parsed.sections[0]?.fields[0]).toMatchObject({ key: 'so_vu', type: 'integer', required: true });
    expect(parsed.sections[0]?.fields[1]).toMatchObject({
      key: 'noi_bat',
      type: 'text',
      required: true,
      maxLength: 300,
    });
  });

  it('rejects a field key used twice, even across sections, naming the second one', () => {
    expect(
      problems(
        template({ title: 'A', fields: [integer('so_vu')] }, { title: 'B', fields: [text('ghi_chu'), text('so_vu')] }),
      ),
    ).toEqual(['sections.1.fields.1.key: duplicate field key "so_vu"']);
  });

  it('rejects min greater than max, naming the field', () => {
    expect(problems(template({ title: 'A', fields: [integer('a'), integer('b', { min: 10, max: 5 })] }))).toEqual([
      'sections.0.fields.1.min: min is greater than max',
    ]);
  });

  it('checks min > max for decimal fields too', () => {
    expect(
      problems(template({ title: 'A', fields: [{ key: 'von', label: 'Vốn', type: 'decimal', min: 2.5, max: 1 }] })),
    ).toEqual(['sections.0.fields.0.min: min is greater than max']);
  });

  it('accepts min equal to max', () => {
    expect(problems(template({ title: 'A', fields: [integer('a', { min: 5, max: 5 })] }))).toEqual([]);
  });

  it.each(['Hoi_vien', 'hoi-vien', 'hội_viên', '1a', '_a', 'a b', '', 'a'.repeat(33)])(
    'rejects the field key %j, naming its path',
    (key) => {
      const found = problems(template({ title: 'A', fields: [integer('ok'), integer(key)] }));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^sections\.0\.fields\.1\.key: must be lowercase latin/);
    },
  );

  it.each(['a', 'hoi_vien_moi', 'a1', 'a'.repeat(32)])('accepts the field key %j', (key) => {
    expect(problems(template({ title: 'A', fields: [integer(key)] }))).toEqual([]);
  });

  it('rejects a template without sections', () => {
    const found = problems(template());
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^sections: /);
  });

  it('rejects a section without fields, naming the section', () => {
    const found = problems(template({ title: 'A', fields: [integer('a')] }, { title: 'B', fields: [] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^sections\.1\.fields: /);
  });

  it('rejects an unknown field type, naming the field', () => {
    const found = problems(template({ title: 'A', fields: [{ key: 'a', label: 'A', type: 'photo' }] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^sections\.0\.fields\.0\.type: /);
  });

  it('rejects blank labels and titles', () => {
    expect(problems(template({ title: 'A', fields: [{ key: 'a', label: '   ', type: 'integer' }] }))[0]).toMatch(
      /^sections\.0\.fields\.0\.label: /,
    );
    expect(problems(template({ title: ' ', fields: [integer('a')] }))[0]).toMatch(/^sections\.0\.title: /);
    expect(problems({ title: '', sections: [{ title: 'A', fields: [integer('a')] }] })[0]).toMatch(/^title: /);
  });

  it('rejects a text maxLength above what one Telegram message can hold', () => {
    expect(
      problems(template({ title: 'A', fields: [{ key: 'a', label: 'A', type: 'text', maxLength: 5000 }] }))[0],
    ).toMatch(/^sections\.0\.fields\.0\.maxLength: /);
  });
});

describe('templateFields', () => {
  it('numbers fields across sections and remembers their section', () => {
    const parsed = templateDefinitionSchema.parse(
      template({ title: 'A', fields: [integer('a'), integer('b')] }, { title: 'B', fields: [text('c')] }),
    );
    expect(templateFields(parsed).map((f) => [f.field.key, f.sectionTitle, f.position])).toEqual([
      ['a', 'A', 1],
      ['b', 'A', 2],
      ['c', 'B', 3],
    ]);
  });
});
