import { local } from './time.js';

/** dd/mm/yyyy in Vietnam time. */
export function formatDate(at: Date): string {
  return local(at).format('DD/MM/YYYY');
}

/** "17:00 ngày 25/11/2026" in Vietnam time. */
export function formatDateTime(at: Date): string {
  return local(at).format('HH:mm [ngày] DD/MM/YYYY');
}

/** "Tháng 11/2026" for the key "2026-11". */
