/** The texts by feature; src/i18n/vi.ts composes them into `vi`. */
export { commonTexts } from './common.js';
export { peopleTexts } from './people.js';
export { reportTexts, formatAnswer } from './report.js';
export { periodTexts } from './period.js';
export { guidanceTexts } from './guidance.js';
export { feedbackTexts } from './feedback.js';
export { summaryTexts } from './summary.js';
export { targetsTexts, TARGETS_LIST_MAX, type TargetChangeText } from './targets.js';
export { esc, periodShortLabel, periodLabel, reportName } from './format.js';
