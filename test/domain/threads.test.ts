import { describe, expect, it } from 'vitest';
import { answeringSide, checkMessageText, mayRead, mayWrite } from '../../src/domain/threads.js';

describe('who may use a thread', () => {
  const thread = { clusterId: 1, unitId: 10 };
  it('a unit reads and writes its own thread only, as the unit', () => {
    expect(mayRead({ unitId: 10 }, thread)).toBe(true);
    expect(mayWrite({ unitId: 10 }, thread, 'unit')).toBe(true);
    expect(mayWrite({ unitId: 10 }, thread, 'leader')).toBe(false);
    expect(mayRead({ unitId: 11 }, thread)).toBe(false);
    expect(mayWrite({ unitId: 11 }, thread, 'unit')).toBe(false);
  });
  it("the leader reads and answers any unit of the cluster, never another cluster's", () => {
    expect(mayRead({ leaderOfClusterId: 1 }, thread)).toBe(true);
    expect(mayWrite({ leaderOfClusterId: 1 }, thread, 'leader')).toBe(true);
    expect(mayWrite({ leaderOfClusterId: 1 }, thread, 'unit')).toBe(false);
    expect(mayRead({ leaderOfClusterId: 2 }, thread)).toBe(false);
    expect(mayRead({}, thread)).toBe(false);
  });
  it('a reply comes from the other side', () => {
    expect(answeringSide('unit')).toBe('leader');
    expect(answeringSide('leader')).toBe('unit');
  });
});

describe('typed message text', () => {
  it('is trimmed; empty and too long are refused with the length', () => {
    expect(checkMessageText('  Xin cảm ơn \n')).toEqual({ ok: true, text: 'Xin cảm ơn' });
    expect(checkMessageText(' \n ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkMessageText('a'.repeat(1500))).toMatchObject({ ok: true });
    expect(checkMessageText('a'.repeat(1501))).toEqual({ ok: false, problem: 'too_long', length: 1501, max: 1500 });
  });
});
