/** Formatting shared by the texts: HTML escaping, period names, answers. */
export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * The part of a report's name that says which period: "11/2026", "IV/2026", "đầu năm 2026",
 * "2026", or nothing for a one-off; the template title names the kind ("Báo cáo quý").
 */
export const periodShortLabel = (key: string): string => {
  const [year, part] = key.split('-');
  if (key === 'once') return '';
  if (part === undefined) return year!;
  if (part.startsWith('Q')) return `${ROMAN[Number(part[1]) - 1]}/${year}`;
  if (part.startsWith('H')) return `${part === 'H1' ? 'đầu' : 'cuối'} năm ${year}`;
  return `${Number(part)}/${year}`;
};

/** A period on its own: "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "Năm 2026". */
export const periodLabel = (key: string): string => {
  const [year, part] = key.split('-');
  if (key === 'once') return 'Đợt báo cáo đột xuất';
  if (part === undefined) return `Năm ${year}`;
  if (part.startsWith('Q')) return `Quý ${periodShortLabel(key)}`;
  if (part.startsWith('H')) return `6 tháng ${periodShortLabel(key)}`;
  return `Tháng ${periodShortLabel(key)}`;
};

/** "Báo cáo tháng 11/2026", "Báo cáo quý IV/2026", "Báo cáo 6 tháng đầu năm 2026". */
export const reportName = (templateTitle: string, periodKey: string) =>
  `${templateTitle} ${periodShortLabel(periodKey)}`.trim();

/** Text cut to a length, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A quote kept on one line, so each line of a message still closes its own tags. */
export function oneLine(text: string, max: number): string {
  return shorten(text.replace(/\s+/g, ' ').trim(), max);
}
