import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/bot/reply.js';

describe('splitLines', () => {
  it('keeps a short message whole', () => {
    expect(splitLines('a\nb', 10)).toEqual(['a\nb']);
  });

  it('cuts between lines so no part exceeds the limit and no line is lost', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `<b>Dòng ${i}</b>: ${'x'.repeat(i)}`);
    const parts = splitLines(lines.join('\n'), 200);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(200);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });

  it('cuts one over-long line at spaces and never inside an HTML entity', () => {
    const line = 'a&amp;b '.repeat(100);
    const parts = splitLines(line, 53);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(53);
      expect(part).not.toMatch(/&[a-z]*$/);
    }
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(line.trim());
  });
});
