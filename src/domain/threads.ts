/** Who may read and write a unit's conversation with the leader, and what text is accepted. */
export type ThreadSide = 'unit' | 'leader';

/** What the database says about the person: the unit they report for, the cluster they lead. */
export interface ThreadViewer {
  unitId?: number | undefined;
  leaderOfClusterId?: number | undefined;
}

export interface ThreadRef {
  clusterId: number;
  unitId: number;
}

/** A unit writes only in its own thread; the leader writes in any thread of the cluster. */
export function mayWrite(viewer: ThreadViewer, thread: ThreadRef, side: ThreadSide): boolean {
  return side === 'unit' ? viewer.unitId === thread.unitId : viewer.leaderOfClusterId === thread.clusterId;
}

export function mayRead(viewer: ThreadViewer, thread: ThreadRef): boolean {
  return mayWrite(viewer, thread, 'unit') || mayWrite(viewer, thread, 'leader');
}

/** A reply comes from the other side of the message it answers. */
export function answeringSide(side: ThreadSide): ThreadSide {
  return side === 'unit' ? 'leader' : 'unit';
}

/** Long enough for a proposal, short enough to quote in a notice and read in a thread. */
export const MAX_MESSAGE_TEXT = 1500;

export type MessageText =
  | { ok: true; text: string }
  | { ok: false; problem: 'empty' }
  | { ok: false; problem: 'too_long'; length: number; max: number };

export function checkMessageText(raw: string, max = MAX_MESSAGE_TEXT): MessageText {
  const text = raw.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.length > max) return { ok: false, problem: 'too_long', length: text.length, max };
  return { ok: true, text };
}
