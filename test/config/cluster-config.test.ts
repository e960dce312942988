import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadClusterConfig, parseClusterConfig, type ClusterConfig } from '../../src/config/cluster-config.js';
import { ConfigError } from '../../src/config/errors.js';

const shippedPath = fileURLToPath(new URL('../../config/cluster.yaml', import.meta.url));
const fixturePath = fileURLToPath(new URL('../fixtures/cluster.yaml', import.meta.url));
const fixtureText = readFileSync(fixturePath, 'utf8');

/** The test fixture with one change applied, as YAML text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reaching into the YAML tree anywhere
function fixtureWith(change: (config: any) => void): string {
  const config = parseYaml(fixtureText);
  change(config);
  return stringifyYaml(config);
}

function configError(text: string): ConfigError {
  try {
    parseClusterConfig(text, 'cluster.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}

describe('the shipped config/cluster.yaml', () => {
  it('loads', async () => {
    const config: ClusterConfig = await loadClusterConfig(shippedPath);
    expect(config.cluster.code).toBe('cum4');
  });

  it("has 9 units of today's provinces, led by Ninh Bình", async () => {
    const config = await loadClusterConfig(shippedPath);
    expect(config.units).toHaveLength(9);
    expect(config.cluster.leader).toBe('NBH');
    expect(config.units.find((u) => u.code === 'NBH')?.name).toBe('Hội CCB tỉnh Ninh Bình');
  });

  it('names no province merged away in the 2025 reorganisation', async () => {
    const config = await loadClusterConfig(shippedPath);
    const merged = [
      'Hải Dương',
      'Thái Bình',
      'Nam Định',
      'Hà Nam',
      'Bắc Giang',
      'Vĩnh Phúc',
      'Hòa Bình',
      'Bắc Kạn',
      'Hà Giang',
      'Yên Bái',
    ];
    const names = config.units.map((u) => u.name);
    for (const province of merged) expect(names.filter((n) => n.endsWith(province))).toEqual([]);
  });

  it('has a monthly template with figures and free-text highlights, difficulties and proposals', async () => {
    const config = await loadClusterConfig(shippedPath);
    expect(config.templates).toHaveLength(1);
    const fields = config.templates[0]!.sections.flatMap((s) => s.fields);
    expect(fields.filter((f) => f.type === 'integer').length).toBeGreaterThanOrEqual(4);
    const textKeys = fields.filter((f) => f.type === 'text' || f.type === 'long_text').map((f) => f.key);
    expect(textKeys).toEqual(expect.arrayContaining(['noi_bat', 'kho_khan', 'kien_nghi']));
    // Only the highlights are mandatory; difficulties and proposals may be skipped.
    expect(fields.find((f) => f.key === 'noi_bat')?.required).toBe(true);
    expect(fields.find((f) => f.key === 'kho_khan')?.required).toBe(false);
    expect(fields.find((f) => f.key === 'kien_nghi')?.required).toBe(false);
  });

  it('schedules the template monthly, due on the 25th at 17:00, with daytime reminders', async () => {
    const config = await loadClusterConfig(shippedPath);
    expect(config.schedules).toHaveLength(1);
    const schedule = config.schedules[0]!;
    expect(schedule.template).toBe(config.templates[0]!.code);
    expect(schedule.deadline).toEqual({ day: 25, time: '17:00' });
    expect(schedule.reminders!.map((r) => r.code)).toEqual(['truoc-3-ngay', 'ngay-han', 'qua-han-1-ngay']);
  });
});

describe('the test fixture', () => {
  it('loads, with its leader among the units', async () => {
    const config = await loadClusterConfig(fixturePath);
    expect(config.units.map((u) => u.code)).toEqual(['HYN', 'TBH', 'LEAD']);
    expect(config.cluster.leader).toBe('LEAD');
  });
});

describe('guidance settings', () => {
  it('re-nudges after 24 hours unless the file says otherwise; 0 turns it off', async () => {
    expect((await loadClusterConfig(fixturePath)).guidance).toEqual({ renudgeAfterHours: 24 });
    expect((await loadClusterConfig(shippedPath)).guidance).toEqual({ renudgeAfterHours: 24 });
    expect(parseClusterConfig(fixtureWith((c) => (c.guidance = { renudgeAfterHours: 0 }))).guidance).toEqual({
      renudgeAfterHours: 0,
    });
    expect(parseClusterConfig(fixtureWith((c) => (c.guidance = {}))).guidance).toEqual({ renudgeAfterHours: 24 });
  });

  it('rejects a negative or fractional delay, naming the key', () => {
    expect(configError(fixtureWith((c) => (c.guidance = { renudgeAfterHours: -1 }))).problems[0]).toMatch(
      /^guidance\.renudgeAfterHours: /,
    );
    expect(configError(fixtureWith((c) => (c.guidance = { renudgeAfterHours: 1.5 }))).problems[0]).toMatch(
      /^guidance\.renudgeAfterHours: /,
    );
  });
});

describe('config errors', () => {
  it('rejects a leader that is not one of the units, naming cluster.leader', () => {
    const error = configError(fixtureWith((c) => (c.cluster.leader = 'HNI')));
    expect(error.problems).toEqual(['cluster.leader: "HNI" is not one of the units']);
    expect(error.source).toBe('cluster.yaml');
    expect(error.message).toContain('cluster.leader');
  });

  it('rejects a duplicate unit code, naming the second unit', () => {
    const error = configError(fixtureWith((c) => c.units.push({ code: 'TBH', name: 'Hội CCB tỉnh Thái Bình (2)' })));
    expect(error.problems).toEqual(['units.3.code: duplicate unit code "TBH"']);
  });

  it('rejects a schedule that points at an unknown template', () => {
    const error = configError(fixtureWith((c) => (c.schedules[0].template = 'quy')));
    expect(error.problems).toEqual(['schedules.0.template: no template with code "quy"']);
  });

  it('rejects duplicate template codes', () => {
    const error = configError(fixtureWith((c) => c.templates.push(structuredClone(c.templates[0]))));
    expect(error.problems).toEqual(['templates: template codes must be unique']);
  });

  it('rejects duplicate schedule codes', () => {
    const error = configError(fixtureWith((c) => c.schedules.push(structuredClone(c.schedules[0]))));
    expect(error.problems).toEqual(['schedules: schedule codes must be unique']);
  });

  it('names the full path of a problem inside a schedule', () => {
    const error = configError(fixtureWith((c) => (c.schedules[0].reminders[1].time = '8h')));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^schedules\.0\.reminders\.1\.time: must be a time like 08:00/);
  });

  it('names the full path of a problem inside a template', () => {
    const error = configError(
      fixtureWith((c) =>
        c.templates[0].sections[1].fields.push({ key: 'hoi_vien_moi', label: 'Lặp', type: 'integer' }),
      ),
    );
    expect(error.problems).toEqual(['templates.0.sections.1.fields.1.key: duplicate field key "hoi_vien_moi"']);
  });

  it('reports several problems at once', () => {
    const error = configError(
      fixtureWith((c) => {
        c.cluster.leader = 'HNI';
        c.schedules[0].template = 'quy';
      }),
    );
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'cluster.leader: "HNI" is not one of the units',
        'schedules.0.template: no template with code "quy"',
      ]),
    );
  });

  it('rejects a unit code with spaces or diacritics', () => {
    const error = configError(fixtureWith((c) => (c.units[0].code = 'Hưng Yên')));
    expect(error.problems.some((p) => p.startsWith('units.0.code: '))).toBe(true);
  });

  it('rejects a config without units', () => {
    const error = configError(fixtureWith((c) => (c.units = [])));
    expect(error.problems.some((p) => p.startsWith('units: '))).toBe(true);
  });

  it('rejects invalid YAML, saying so', () => {
    const error = configError('cluster:\n  code: [cum4\n  name: x\n');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^not valid YAML: /);
    expect(error.source).toBe('cluster.yaml');
  });

  it('rejects duplicate YAML keys instead of keeping the last one', () => {
    const error = configError(`${fixtureText}\ncluster:\n  code: other\n  name: Other\n  leader: HYN\n`);
    expect(error.problems[0]).toMatch(/^not valid YAML: /);
  });

  it('rejects an empty file', () => {
    const error = configError('');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^\(root\): /);
  });

  it('names the file it could not read', async () => {
    const missing = fileURLToPath(new URL('./no-such-cluster.yaml', import.meta.url));
    const error = await loadClusterConfig(missing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe(missing);
    expect((error as ConfigError).problems).toEqual(['cannot read the file (ENOENT)']);
    expect((error as ConfigError).message).toContain('no-such-cluster.yaml');
  });
});

describe('targets in the cluster config', () => {
  it('refuses the same target given twice, naming it', () => {
    const raw = parseYaml(readFileSync(shippedPath, 'utf8')) as { targets: unknown[] };
    raw.targets.push({ unit: 'HPG', year: 2026, values: { hoi_vien_moi: 1 } });
    expect(() => parseClusterConfig(stringifyYaml(raw))).toThrow(
      /targets\.\d+\.values\.hoi_vien_moi: given twice for HPG in 2026/,
    );
  });
});

describe('summary settings and how numbers aggregate', () => {
  it('leaves both out of a config that does not state them, so a sync stores nothing new', async () => {
    for (const path of [fixturePath, shippedPath]) {
      const config = await loadClusterConfig(path);
      expect(config.summary).toBeUndefined();
      const fields = config.templates.flatMap((t) => t.sections.flatMap((s) => s.fields));
      expect(fields.some((f) => 'aggregate' in f)).toBe(false);
    }
  });

  it('reads `aggregate` on number fields and fills the still-low defaults of a partial `summary:`', () => {
    const config = parseClusterConfig(
      fixtureWith((c) => {
        c.templates[0].sections[0].fields[0].aggregate = 'last';
        c.summary = { stillLow: { tolerance: 0.2 } };
      }),
    );
    expect(config.templates[0]!.sections[0]!.fields[0]).toMatchObject({ aggregate: 'last' });
    expect(config.summary).toEqual({ stillLow: { pace: 'linear', tolerance: 0.2 }, unitsSeeOthers: false });
  });

  it('accepts 12 cumulative monthly shares as the pace', () => {
    const pace = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1];
    const config = parseClusterConfig(fixtureWith((c) => (c.summary = { stillLow: { pace } })));
    expect(config.summary?.stillLow).toEqual({ pace, tolerance: 0.1 });
  });

  it('rejects an unknown aggregate, a bad pace and a tolerance out of range, naming each path', () => {
    expect(
      configError(fixtureWith((c) => (c.templates[0].sections[0].fields[0].aggregate = 'median'))).problems[0],
    ).toMatch(/^templates\.0\.sections\.0\.fields\.0\.aggregate: /);
    expect(configError(fixtureWith((c) => (c.summary = { stillLow: { pace: [0.5, 1] } }))).problems).toEqual([
      'summary.stillLow.pace: must give 12 monthly shares',
    ]);
    const falling = [0.1, 0.2, 0.3, 0.2, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.99];
    expect(configError(fixtureWith((c) => (c.summary = { stillLow: { pace: falling } }))).problems).toEqual([
      'summary.stillLow.pace.3: cumulative shares must not decrease',
      'summary.stillLow.pace.11: the share at the end of December must be 1',
    ]);
    expect(configError(fixtureWith((c) => (c.summary = { stillLow: { tolerance: 1.5 } }))).problems[0]).toMatch(
      /^summary\.stillLow\.tolerance: /,
    );
    expect(configError(fixtureWith((c) => (c.summary = { stillLow: { pace: 'fast' } }))).problems[0]).toMatch(
      /^summary\.stillLow\.pace: /,
    );
  });
});
