/**
 * The report's buttons: under questions, the review, sent reports and the notices about them.
 * Declared outside bot/ so workflows that queue notices (report-notices, feedback) build the
 * same data the report features handle (bot/features/report.ts, report-form.ts,
 * report-files.ts). The data strings are the ones older messages carry.
 */
import { z } from 'zod';
import { button, seg } from '../domain/buttons.js';

export { reportStartButton } from './period-buttons.js';

/** On the whole report: send it, open it read-only, correct it, end the correction. */
export const reportActionButton = button('rp', z.enum(['submit', 'view', 'amend', 'finish']), seg.id);
/** While filling it: keep the current answer, the list to edit, back one question, pause. */
export const reportNavButton = button('rp', z.enum(['keep', 'edit', 'back', 'pause']), seg.id);
/**
 * About one question: edit it (field), skip, finish a multiple choice (done), last period's
 * number (prev), confirm (ok) or retype (re) an answer asked about.
 */
export const reportFieldButton = button(
  'rp',
  z.enum(['field', 'skip', 'done', 'prev', 'ok', 're']),
  seg.id,
  seg.fieldKey,
);
/** One value of a question: a choice (opt), yes/no (yn), a tick (tg), a reading of an ambiguous number (num). */
export const reportPickButton = button('rp', z.enum(['opt', 'yn', 'tg', 'num']), seg.id, seg.fieldKey, seg.index);
/** A colleague changed the answer meanwhile: keep t(heirs) or write m(ine). */
export const reportConflictButton = button('rc', z.enum(['t', 'm']), seg.id, seg.fieldKey);
/** A report's files: d(rop) one, or g: the album it came in (attachment id). */
export const reportFileRemoveButton = button('rf', z.enum(['d', 'g']), seg.id);
/** The list of a report's files to choose one to drop (report id). */
export const reportFilesButton = button('rf:l', seg.id);
