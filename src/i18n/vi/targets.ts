/**
 * Yearly targets (🎯 Chỉ tiêu năm): the leader's overview, the template sheet, the problems
 * found in a sheet sent back (each naming row, column and what is wrong), the preview of the
 * changes and the result. Messages are Telegram HTML: what comes from a sheet goes through esc.
 */
import { formatDate } from '../../domain/dates.js';
import { formatNumber } from '../../domain/numbers.js';
import type { CellRef, SheetError } from '../../domain/targets-sheet.js';
import { esc, oneLine } from './format.js';

/** At most this many problems or changes listed in one chat message; the rest are counted. */
export const TARGETS_LIST_MAX = 20;

/** A header or a cell's text quoted in a problem: on one line and short, whatever the sheet holds. */
const quote = (text: string, max = 30) => `«${esc(oneLine(text, max))}»`;

/** "Dòng 5, cột C (Số hội viên mới)". */
const at = (ref: CellRef) => `Dòng ${ref.row}, cột ${ref.column} (${esc(oneLine(ref.header, 40))})`;

/** One problem of a sheet, in one line of HTML (at most about 200 characters whatever the sheet holds). */
function sheetError(e: SheetError): string {
  switch (e.kind) {
    case 'not_xlsx':
      return 'Tệp không phải bảng tính Excel (.xlsx) hoặc bị hỏng. Xin lưu tệp dạng .xlsx rồi gửi lại.';
    case 'too_big':
      return `Tệp quá lớn để đọc (tệp chỉ tiêu theo mẫu chỉ vài KB; tối đa ${e.maxMb} MB). Xin dùng tệp mẫu.`;
    case 'empty':
      return 'Trang tính đầu tiên trống: không có tiêu đề, không có số liệu.';
    case 'too_many_rows':
      return `Trang tính có quá nhiều dòng (tối đa ${formatNumber(e.max)} đơn vị). Xin dùng tệp mẫu.`;
    case 'year_missing':
      return `Không rõ năm của chỉ tiêu: tên trang tính ${quote(e.sheetName)} không có năm (ví dụ «Chỉ tiêu 2026»).`;
    case 'year_invalid':
      return `Tên trang tính ${quote(e.sheetName)}: không đọc được năm (cần một năm từ 2000 đến 2100, ví dụ «Chỉ tiêu 2026»).`;
    case 'year_mismatch':
      return `Trang tính ghi năm ${e.sheetYear}, nhưng đang nhập chỉ tiêu năm ${e.asked}.`;
    case 'no_unit_column':
      return 'Dòng 1: không thấy cột «Mã đơn vị» (hoặc «Đơn vị»). Xin dùng tệp mẫu.';
    case 'no_indicator':
      return 'Dòng 1: không có cột chỉ tiêu nào. Xin dùng tệp mẫu.';
    case 'unknown_indicator':
      return `Dòng 1, cột ${e.column}: ${quote(e.header, 40)} không phải tên chỉ tiêu nào của cụm.`;
    case 'indicator_twice':
      return `Dòng 1, cột ${e.column}: chỉ tiêu ${quote(e.header, 40)} đã có ở cột ${e.firstColumn}.`;
    case 'unit_missing':
      return `${at(e)}: thiếu mã đơn vị.`;
    case 'unknown_unit':
      return `${at(e)}: không có đơn vị ${quote(e.text)} trong cụm.`;
    case 'unit_twice':
      return `${at(e)}: đơn vị ${quote(e.text)} đã có ở dòng ${e.firstRow}.`;
    case 'not_a_number':
      return `${at(e)}: ${quote(e.text)} không phải là số.`;
    case 'ambiguous':
      return `${at(e)}: ${quote(e.text)} chưa rõ là ${formatNumber(e.candidates[0])} hay ${formatNumber(e.candidates[1])}; xin viết 1.500 (nghìn) hoặc 1,5 (thập phân).`;
    case 'too_large':
      return `${at(e)}: ${quote(e.text)} quá lớn.`;
    case 'not_whole':
      return `${at(e)}: ${formatNumber(e.value)} phải là số nguyên.`;
    case 'negative':
      return `${at(e)}: ${formatNumber(e.value)} là số âm; chỉ tiêu phải từ 0 trở lên.`;
    case 'percent_range':
      return `${at(e)}: ${formatNumber(e.value)} phải từ 0 đến 100 (%).`;
  }
}

/** A target's value with its unit of measure: "1.500 người", "85%". */
function amount(value: number, indicator: { kind: string; unit?: string }): string {
  if (indicator.kind === 'percent') return `${formatNumber(value)}%`;
  return indicator.unit ? `${formatNumber(value)} ${esc(indicator.unit)}` : formatNumber(value);
}

/** One change of the preview or the CLI: old value (or none yet) → new. */
export interface TargetChangeText {
  unitName: string;
  label: string;
  kind: string;
  unit?: string;
  oldValue: number | null;
  newValue: number;
}

/** "Số hội viên mới kết nạp: 120 người → 150 người" (or "chưa có → 150 người"). */
const changeLine = (c: TargetChangeText) =>
  `${esc(oneLine(c.label, 60))}: ${c.oldValue === null ? 'chưa có' : amount(c.oldValue, c)} → <b>${amount(c.newValue, c)}</b>`;

export const targetsTexts = {
  targets: {
    menuButton: '🎯 Chỉ tiêu năm',
    templateButton: '📥 Tải mẫu chỉ tiêu',
    uploadButton: '📤 Gửi tệp chỉ tiêu',
    yearButton: (year: number) => `📅 Năm ${year}`,
    applyButton: '✅ Áp dụng',
    sheetError,

    /** The 🎯 message: where the year's targets stand, in brief. */
    overview: (o: {
      year: number;
      indicators: { label: string }[];
      units: number;
      set: number;
      imported: number;
      missing: { unitName: string; count: number }[];
      lastChange?: Date;
    }) => {
      const lines = [`🎯 <b>Chỉ tiêu năm ${o.year}</b>`];
      if (o.indicators.length === 0) {
        lines.push('Mẫu báo cáo chưa có câu hỏi nào tính theo chỉ tiêu năm.');
        return lines.join('\n');
      }
      const total = o.units * o.indicators.length;
      lines.push(
        `Các chỉ tiêu: ${o.indicators.map((i) => esc(oneLine(i.label, 60))).join('; ')}.`,
        `Đã giao ${formatNumber(o.set)}/${formatNumber(total)} chỉ tiêu (${o.units} đơn vị × ${o.indicators.length} chỉ tiêu)` +
          (o.imported > 0 ? `, trong đó ${formatNumber(o.imported)} nhập từ tệp.` : '.'),
      );
      if (o.missing.length > 0) {
        const shown = o.missing.slice(0, 5).map((m) => `${esc(oneLine(m.unitName, 60))} (thiếu ${m.count})`);
        lines.push(
          `Chưa đủ: ${shown.join(', ')}${o.missing.length > 5 ? ` và ${o.missing.length - 5} đơn vị khác` : ''}.`,
        );
      }
      if (o.lastChange) lines.push(`Cập nhật gần nhất: ${formatDate(o.lastChange)}.`);
      lines.push('', 'Để giao hoặc sửa chỉ tiêu: tải tệp mẫu, điền số, rồi gửi lại tệp cho bot.');
      return lines.join('\n');
    },
    templateCaption: (year: number) =>
      `Mẫu chỉ tiêu năm ${year}: mỗi dòng một đơn vị, mỗi cột một chỉ tiêu. Điền số rồi gửi lại tệp này (📤 Gửi tệp chỉ tiêu). Ô để trống: giữ nguyên.`,
    askFile: (year: number) =>
      `📤 Xin gửi tệp Excel (.xlsx) chỉ tiêu năm ${year}, theo tệp mẫu (📥). Ô để trống thì chỉ tiêu giữ nguyên.`,
    waitingFile: 'Bot đang chờ tệp Excel chỉ tiêu. Xin gửi tệp, hoặc bấm ✖️ Hủy.',
    waitingConfirm: 'Xin bấm ✅ Áp dụng để lưu các chỉ tiêu trên, hoặc ✖️ Hủy. Gửi tệp khác thì bot xem tệp mới.',
    notADocument: 'Xin gửi tệp Excel (.xlsx) dạng tệp đính kèm, không gửi ảnh.',
    notXlsx: (fileName: string | null) =>
      `Tệp ${fileName ? quote(fileName, 60) : 'này'} không phải bảng tính Excel (.xlsx). Xin gửi tệp .xlsx theo mẫu.`,
    tooBig: (maxMb: number) => `Tệp quá lớn: bot chỉ tải được tệp đến ${maxMb} MB. Tệp chỉ tiêu theo mẫu chỉ vài KB.`,
    downloadFailed: 'Bot chưa tải được tệp từ Telegram. Xin gửi lại tệp sau ít phút.',
    /** The problems of a sheet: the first ones listed, the rest counted; nothing was changed. */
    errors: (lines: string[], total: number) =>
      [
        `❗ Tệp có ${formatNumber(total)} lỗi, chưa cập nhật chỉ tiêu nào:`,
        ...lines.map((l) => `• ${l}`),
        ...(total > lines.length ? [`… và ${formatNumber(total - lines.length)} lỗi khác.`] : []),
        '',
        'Xin sửa rồi gửi lại tệp.',
      ].join('\n'),
    /** The preview: what applying would change, per unit; the first changes listed, the rest counted. */
    preview: (p: { year: number; changes: TargetChangeText[]; units: number; listed: number }) => {
      const lines = [
        `📋 <b>Sẽ cập nhật ${formatNumber(p.changes.length)} chỉ tiêu của ${formatNumber(p.units)} đơn vị</b> (năm ${p.year}):`,
      ];
      let unit = '';
      for (const c of p.changes.slice(0, p.listed)) {
        if (c.unitName !== unit) lines.push(`<b>${esc(oneLine(c.unitName, 60))}</b>`);
        unit = c.unitName;
        lines.push(`• ${changeLine(c)}`);
      }
      if (p.changes.length > p.listed) lines.push(`… và ${formatNumber(p.changes.length - p.listed)} thay đổi khác.`);
      lines.push('', 'Bấm ✅ Áp dụng để lưu (có ghi nhật ký), hoặc ✖️ Hủy.');
      return lines.join('\n');
    },
    noChange: (year: number) =>
      `Tệp không thay đổi chỉ tiêu nào của năm ${year}: các số giống số đang có, hoặc ô để trống.`,
    applied: (r: { year: number; changed: number; units: number }) =>
      `✅ Đã cập nhật ${formatNumber(r.changed)} chỉ tiêu của ${formatNumber(r.units)} đơn vị (năm ${r.year}). 📈 Tổng hợp dùng ngay chỉ tiêu mới.`,
    appliedNothing: (year: number) => `Chỉ tiêu năm ${year} đã đúng như tệp: không có gì để cập nhật.`,
    stalePreview:
      'Bản xem trước này đã cũ (đã áp dụng, đã hủy hoặc đã có tệp mới). Chỉ tiêu không đổi; xin gửi lại tệp nếu cần.',
    cancelled: 'Đã hủy. Chỉ tiêu giữ nguyên.',
    badYear: 'Chỉ xem và nhập được chỉ tiêu của năm trước, năm nay và năm sau.',
    changedSincePreview:
      'Danh sách đơn vị hoặc chỉ tiêu của cụm đã thay đổi sau khi xem trước. Chưa có gì được lưu. Xin gửi lại tệp.',

    /** The template workbook. */
    sheet: {
      name: (year: number) => `Chỉ tiêu ${year}`,
      guideName: 'Hướng dẫn',
      guide: (year: number, clusterName: string) => [
        `Chỉ tiêu năm ${year} — ${clusterName}`,
        '',
        'Cách điền:',
        '• Mỗi dòng là một đơn vị; cột «Mã đơn vị» xác định đơn vị, xin đừng sửa.',
        '• Mỗi cột sau là một chỉ tiêu năm; tiêu đề là tên chỉ tiêu, xin đừng sửa.',
        '• Ghi số (ví dụ 1500 hoặc 1.500; số thập phân 2,5); tỷ lệ ghi từ 0 đến 100.',
        '• Ô để trống: chỉ tiêu đó giữ nguyên (tệp không xóa chỉ tiêu nào).',
        `• Năm của chỉ tiêu là năm trong tên trang tính («Chỉ tiêu ${year}»).`,
        '• Xong, gửi lại tệp cho bot (🎯 Chỉ tiêu năm → 📤 Gửi tệp chỉ tiêu); bot kiểm tra, cho xem trước rồi mới lưu.',
      ],
    },
  },
} as const;
