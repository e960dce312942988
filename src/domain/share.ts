import { visibleFields, type Answers } from './form.js';
import type { TemplateDefinition } from './template.js';

export interface ShareableAnswer {
  key: string;
  label: string;
  text: string;
}

/** A report's written answers (text and long text, shown and not empty): what the leader can share. */
export function shareableAnswers(template: TemplateDefinition, answers: Answers): ShareableAnswer[] {
  return visibleFields(template, answers).flatMap(({ field }) => {
    const value = answers[field.key];
    if ((field.type !== 'text' && field.type !== 'long_text') || typeof value !== 'string' || value.trim() === '')
      return [];
    return [{ key: field.key, label: field.label, text: value.trim() }];
  });
}
