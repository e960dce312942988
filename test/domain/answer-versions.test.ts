import { describe, expect, it } from 'vitest';
import { decideWrite, versionOf } from '../../src/domain/answer-versions.js';

describe('writing over an answer', () => {
  it('writes when the writer saw the stored version', () => {
    expect(decideWrite({ value: undefined, version: 0 }, 10, 0)).toBe('write');
    expect(decideWrite({ value: 1500, version: 3 }, 1.5, 3)).toBe('write');
  });

  it('is a conflict when someone changed the answer since it was shown, to another value', () => {
    expect(decideWrite({ value: 10, version: 1 }, 20, 0)).toBe('conflict');
    expect(decideWrite({ value: 1500, version: 4 }, 1.5, 3)).toBe('conflict');
    expect(decideWrite({ value: null, version: 2 }, 'Tốt', 1)).toBe('conflict');
    expect(decideWrite({ value: ['A'], version: 2 }, ['A', 'B'], 1)).toBe('conflict');
  });

  it('changes nothing when the value is already stored, whoever wrote it', () => {
    expect(decideWrite({ value: 1500, version: 4 }, 1500, 3)).toBe('same');
    expect(decideWrite({ value: ['A', 'B'], version: 1 }, ['A', 'B'], 0)).toBe('same');
    expect(decideWrite({ value: null, version: 1 }, null, 1)).toBe('same');
  });

  it('does not block a writer whose screen predates versions', () => {
    expect(decideWrite({ value: 10, version: 5 }, 20, undefined)).toBe('write');
  });

  it('counts an answer never written as version 0', () => {
    expect(versionOf({}, 'x')).toBe(0);
    expect(versionOf({ x: { v: 2, by: 1, at: '2026-11-20T03:00:00.000Z' } }, 'x')).toBe(2);
  });
});
