import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cancelButton, seg, type Button } from '../../src/bot/feature.js';
import { features } from '../../src/bot/features/index.js';

/**
 * Every button every feature declares, built with the largest arguments its readers accept:
 * Telegram refuses callback data over 64 bytes (and with it the whole message), so each must
 * fit and read back; a database id outside int4 must read as no button (a stale one).
 */
const largest = new Map<z.ZodType, string[]>([
  [seg.id, ['2147483647']],
  [seg.idOrAll, ['0', '2147483647']],
  [seg.fieldKey, [`k${'x'.repeat(31)}`]],
  [seg.index, ['99']],
  [seg.page, ['9999']],
  [seg.letter, ['z']],
  [seg.code, ['X'.repeat(32)]],
  [seg.windowKey, ['2026-9M', '2026', 'once']],
  [seg.year, ['2026', '9999']],
]);

/** Each segment's candidates: a shared reader's largest values, or every option of an enum. */
function candidates(segment: z.ZodType): string[] {
  const known = largest.get(segment);
  if (known) return known;
  if (segment instanceof z.ZodEnum) return segment.options.map(String);
  throw new Error('a button segment with no samples: use a `seg` reader or an enum, or add it here');
}

/** Every combination of the candidates (a cartesian product). */
function combinations(button: Button): string[][] {
  return button.segments.reduce<string[][]>(
    (acc, segment) => acc.flatMap((prefix) => candidates(segment).map((c) => [...prefix, c])),
    [[]],
  );
}

const buttons = [cancelButton, ...features.flatMap((f) => f.buttons)];

describe('feature buttons', () => {
  it('are declared, with distinct data', () => {
    expect(buttons.length).toBeGreaterThan(3);
    const datas = buttons.flatMap((b) => combinations(b).map((args) => b.data(...args)));
    expect(new Set(datas).size).toBe(datas.length);
  });

  for (const button of buttons) {
    it(`${button.prefix}: fits in 64 bytes with the largest arguments and reads back as itself only`, () => {
      for (const args of combinations(button)) {
        const data = button.data(...args);
        expect(Buffer.byteLength(data, 'utf8'), data).toBeLessThanOrEqual(64);
        expect(button.parse(data), data).toBeDefined();
        const others = buttons.filter((b) => b !== button && b.parse(data) !== undefined);
        expect(
          others.map((b) => b.prefix),
          data,
        ).toEqual([]);
      }
    });

    const idAt = button.segments.flatMap((s, i) => (s === seg.id || s === seg.idOrAll ? [i] : []));
    if (idAt.length === 0) continue;
    it(`${button.prefix}: an id outside the database's integer is no button`, () => {
      const [sample] = combinations(button);
      for (const i of idAt) {
        for (const bad of ['2147483648', '99999999999', '-1', '1a', '1.5', '1e3', '', ' 1', '0x10']) {
          const args = [...sample!];
          args[i] = bad;
          expect(button.parse([button.prefix, ...args].join(':')), bad).toBeUndefined();
        }
      }
    });
  }

  it('refuses to build data Telegram would refuse', () => {
    expect(() => cancelButton.data('x'.repeat(70))).toThrow(/over Telegram's 64/);
  });
});
