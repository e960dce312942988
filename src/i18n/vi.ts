/**
 * Every word the bot shows, in one import. Vietnamese, short and polite; messages use
 * Telegram HTML, so anything that comes from people or config goes through `esc`.
 * The texts live by feature in ./vi/; this file composes them.
 */
import {
  commonTexts,
  peopleTexts,
  reportTexts,
  periodTexts,
  guidanceTexts,
  feedbackTexts,
  summaryTexts,
  targetsTexts,
} from './vi/index.js';
export { esc, periodShortLabel, periodLabel, reportName, formatAnswer } from './vi/index.js';

export const vi = {
  ...commonTexts,
  ...peopleTexts,
  ...reportTexts,
  ...periodTexts,
  ...guidanceTexts,
  ...feedbackTexts,
  ...summaryTexts,
  ...targetsTexts,
} as const;
