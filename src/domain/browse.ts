import type { BoardState } from './board.js';

export interface Page<T> {
  items: T[];
  /** 0-based, clamped to the pages there are. */
  page: number;
  pages: number;
  hasNewer: boolean;
  hasOlder: boolean;
}

/** One page of a newest-first list; an out-of-range page (an old button) shows the nearest one. */
export function pageOf<T>(items: T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return {
    items: items.slice(current * size, (current + 1) * size),
    page: current,
    pages,
    hasNewer: current > 0,
    hasOlder: current < pages - 1,
  };
}

/** The page on which the item at `index` of the list appears. */
export function pageContaining(index: number, size: number): number {
  return index < 0 ? 0 : Math.floor(index / size);
}

/**
 * A unit's state as the leader reads it when browsing: once the period stopped taking
 * reports, a draft never sent is simply not reported.
 */
export function browseState(state: BoardState, periodOpen: boolean): BoardState {
  return state === 'drafting' && !periodOpen ? 'missing' : state;
}
