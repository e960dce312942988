/** Reports: the form, review, submission, corrections, files; sharing an answer. */
import { formatDate, formatDateTime, formatIsoDate } from '../../domain/dates.js';
import { formatNumber } from '../../domain/numbers.js';
import { fieldUnit, type AnswerProblem, type AnswerValue } from '../../domain/form.js';
import type { FieldDefinition } from '../../domain/template.js';
import type { AnswerWarning } from '../../domain/plausibility.js';
import { esc, oneLine } from './format.js';
import { commonTexts } from './common.js';

export const reportTexts = {
  report: {
    noOpenPeriod: 'Hiện chưa có kỳ báo cáo nào đang mở.',
    /** A tick on a multiple-choice question whose message Telegram did not send along: the choice so far, with the buttons anew. */
    ticked: (label: string, chosen: string[]) =>
      `<b>${esc(label)}</b>\n${chosen.length ? `Đã chọn: ${chosen.map(esc).join('; ')}` : 'Chưa chọn mục nào.'}`,
    periodClosed: 'Kỳ báo cáo này đã kết thúc, không nhận báo cáo nữa.',
    choosePeriod: 'Xin chọn báo cáo cần làm:',
    alreadySubmitted: (name: string, at: Date) =>
      `${esc(name)} đã được gửi lúc ${formatDateTime(at)}. Cảm ơn đồng chí!`,
    resumed: 'Đồng chí đang làm dở báo cáo này, xin tiếp tục:',
    resumeOffer: 'Đồng chí đang làm dở báo cáo. Xin bấm «▶️ Tiếp tục báo cáo» để làm tiếp từ câu đang dừng.',
    started: (name: string, unit: string, deadline: Date, late: boolean) =>
      `📝 <b>${esc(name)}</b> — ${esc(unit)}\nHạn nộp: ${formatDateTime(deadline)}.` +
      (late ? ' Đã quá hạn: báo cáo vẫn được nhận và ghi là nộp muộn, và sau khi gửi sẽ không sửa được nữa.' : '') +
      `\nBot sẽ hỏi lần lượt từng câu; câu trả lời được lưu ngay.`,
    question: (p: {
      position: number;
      total: number;
      section: string;
      field: FieldDefinition;
      current?: string;
      previous?: string;
      target?: { year: number; target: string; reported: string };
    }) =>
      [
        `<i>Câu ${p.position}/${p.total} · ${esc(p.section)}</i>`,
        '',
        `<b>${esc(p.field.label)}</b>${'unit' in p.field && p.field.unit ? ` (${esc(p.field.unit)})` : ''}${p.field.required ? '' : ' <i>(không bắt buộc)</i>'}`,
        p.current !== undefined ? `Hiện tại: ${esc(p.current)}` : undefined,
        p.previous !== undefined ? `Kỳ trước: ${esc(p.previous)}` : undefined,
        p.target
          ? `Chỉ tiêu năm ${p.target.year}: ${esc(p.target.target)} · các kỳ trước đã đạt: ${esc(p.target.reported)}`
          : undefined,
        // The template's own help replaces the generic hint, so a question never gives two examples.
        p.field.help ? `<i>${esc(p.field.help)}</i>` : answerHint(p.field),
      ]
        .filter((line) => line !== undefined)
        .join('\n'),
    problem: (problem: AnswerProblem, field: FieldDefinition) =>
      `⚠️ ${problemText(problem)}\n${answerHint(field)}${problem.code === 'empty' && !field.required ? '\nNếu không có gì để ghi, xin bấm «⏭ Bỏ qua».' : ''}`,
    /** An answer that is possible but unusual, or came in a forwarded message: asked before it is stored. */
    confirm: (p: {
      reason: AnswerWarning | { code: 'forwarded' };
      label: string;
      value: string;
      field: FieldDefinition;
      today: Date;
    }) =>
      [
        `❓ ${confirmReason(p.reason, p.value, p.field, p.today)}`,
        `Có phải đồng chí muốn ghi <b>${esc(p.value)}</b> cho câu «${esc(p.label)}» không?`,
        '<i>Nếu đúng, xin bấm «✅ Đúng». Nếu nhầm, bấm «✏️ Nhập lại» hoặc gõ lại câu trả lời.</i>',
      ].join('\n'),
    review: (
      name: string,
      unit: string,
      sections: { title: string; lines: { label: string; value: string }[] }[],
      attachments: string[],
      amending: boolean,
    ) =>
      [
        `<b>Xin kiểm tra lại ${esc(name)}</b> — ${esc(unit)}`,
        ...answerLines(sections),
        ...(attachments.length ? ['', reportTexts.report.attachments(attachments)] : []),
        '',
        amending
          ? 'Sửa xong, xin bấm «✔️ Xong, lưu thay đổi».'
          : 'Nếu đúng, xin bấm «✅ Gửi báo cáo». Có thể gửi kèm ảnh hoặc tệp trước khi gửi.',
      ].join('\n'),
    skipped: '(bỏ qua)',
    noneChosen: '(không chọn ý nào)',
    photo: 'ảnh',
    document: 'tệp',
    attachments: (names: string[]) => `📎 Tệp đính kèm: ${names.map(esc).join(', ')}`,
    attached: (file: string, name: string) => `📎 Đã đính kèm ${esc(file)} vào ${esc(name)}.`,
    /** The one reply to an album, updated as its files arrive. */
    attachedAlbum: (count: number, photos: boolean, name: string) =>
      `📎 Đã đính kèm ${count} ${photos ? 'ảnh' : 'tệp'} (gửi cùng một lượt) vào ${esc(name)}.`,
    /** A file's name with what the person wrote with it (plain text; escaped where shown). */
    withCaption: (file: string, caption: string) => `${file} («${oneLine(caption, 80)}»)`,
    chooseFileToRemove: 'Xin chọn tệp cần gỡ khỏi báo cáo:',
    noFiles: 'Báo cáo chưa có tệp đính kèm nào.',
    filesRemoved: (names: string[]) => `🗑 Đã gỡ khỏi báo cáo: ${names.map(esc).join(', ')}.`,
    fileAlreadyRemoved: 'Tệp này đã được gỡ khỏi báo cáo rồi.',
    /** A file added to or removed from a sent report, in the list of changes. */
    filesLabel: 'Tệp đính kèm',
    noFile: '(chưa có)',
    fileGone: '(đã gỡ)',
    /** The caption of a report's file as sent to whoever opens the report: whose and which report. */
    fileCaption: (unit: string, name: string, index: number, total: number, caption?: string) =>
      `📎 <b>${esc(unit)}</b> · ${esc(name)} · tệp ${index}/${total}${caption ? `\n${esc(caption)}` : ''}`,
    conflict: (p: { label: string; who: string; theirs: string; mine: string; amending: boolean }) =>
      `⚠️ Câu «${esc(p.label)}» vừa được đồng chí ${esc(p.who)} ${p.amending ? 'sửa' : 'trả lời'}: ${esc(p.theirs)}\n` +
      `Đồng chí nhập: ${esc(p.mine)}\nGiá trị của đồng chí chưa được lưu. Xin chọn giá trị giữ lại:`,
    /** After «Xong»: a colleague changed again an answer this person had corrected. */
    overwrittenSince: (items: { label: string; value: string; by: string }[]) =>
      `Lưu ý: sau khi đồng chí sửa, ${items.map((i) => `câu «${esc(i.label)}» đã được đồng chí ${esc(i.by)} sửa thành ${esc(i.value)}`).join('; ')}.`,
    /** After «Xong» by someone who changed nothing, while colleagues' changes were waiting. */
    othersAnnounced: (who: string[]) =>
      `Đồng chí chưa sửa câu nào. Các thay đổi của đồng chí ${who.map(esc).join(', ')} đã được lưu và nay đã báo Cụm trưởng.`,
    /** To the unit's other contacts: a colleague sent the unit's report. */
    coContactSubmitted: (who: string, unit: string, name: string, at: Date, late: boolean) =>
      `📤 Đồng chí ${esc(who)} đã gửi ${esc(name)} của ${esc(unit)} lúc ${formatDateTime(at)}${late ? ' (nộp muộn)' : ''}.`,
    /** To the unit's other contacts: a colleague told the leader of corrections to the unit's report. */
    coContactChanged: (
      who: string,
      name: string,
      changes: { label: string; from: string; to: string; at: Date; by: string }[],
    ) =>
      [
        `✏️ Đồng chí ${esc(who)} đã báo Cụm trưởng các thay đổi trong ${esc(name)} của đơn vị:`,
        ...changes.map(
          (c) => `• ${esc(c.label)}: ${esc(c.from)} → ${esc(c.to)} (${esc(c.by)}, ${formatDateTime(c.at)})`,
        ),
      ].join('\n'),
    attachFirst: 'Xin mở báo cáo (bấm «📝 Làm báo cáo») rồi gửi ảnh hoặc tệp để đính kèm.',
    readOnly: (name: string, at: Date, accepted = false) =>
      `${esc(name)} đã gửi lúc ${formatDateTime(at)}. ` +
      (accepted
        ? 'Cụm trưởng đã đánh giá Đạt nên báo cáo không sửa nữa.'
        : 'Đã quá hạn nộp nên báo cáo không sửa được nữa; nếu cần bổ sung, xin đồng chí liên hệ Cụm trưởng.'),
    amendIntro:
      'Xin chọn câu cần sửa. Mỗi thay đổi được ghi lại; sửa xong xin bấm «✔️ Xong, lưu thay đổi» để báo Cụm trưởng.',
    amended: 'Đã lưu các thay đổi và đang gửi báo Cụm trưởng. Nếu không báo được, bot sẽ nhắn lại đồng chí.',
    /** ✔️ Xong when a colleague's ✔️ Xong already sent this person's changes to the leader. */
    amendedSentWithColleague:
      'Đã lưu các thay đổi. Các thay đổi này đã được gửi báo Cụm trưởng cùng với thay đổi của đồng chí cùng đơn vị.',
    /** To the contact when no leader received the notice of their changes. */
    changesNotTold: (name: string, reason: string) =>
      `⚠️ Chưa báo được Cụm trưởng về các thay đổi của ${esc(name)}: ${esc(reason)}.\n` +
      'Các thay đổi vẫn được lưu và sẽ được báo lại khi đồng chí bấm «✔️ Xong, lưu thay đổi» lần sau; nếu cần gấp, xin báo trực tiếp Cụm trưởng.',
    noChanges: 'Không có thay đổi nào.',
    changedNotice: (
      unit: string,
      name: string,
      changes: { label: string; from: string; to: string; at: Date; by: string }[],
    ) =>
      [
        `✏️ ${esc(unit)} đã sửa ${esc(name)}:`,
        ...changes.map(
          (c) => `• ${esc(c.label)}: ${esc(c.from)} → ${esc(c.to)} (${esc(c.by)}, ${formatDateTime(c.at)})`,
        ),
      ].join('\n'),
    historyTitle: 'Các báo cáo đơn vị đã gửi (bấm để xem):',
    historyEmpty: 'Đơn vị chưa gửi báo cáo nào.',
    paused: 'Đã tạm dừng. Các câu trả lời đã được lưu; khi muốn làm tiếp, xin bấm «▶️ Tiếp tục báo cáo».',
    chooseAtLeastOne: 'Xin chọn ít nhất một ý.',
    missingRequired: (labels: string[]) => `Còn câu bắt buộc chưa trả lời: ${labels.map(esc).join('; ')}.`,
    chooseFieldToEdit: 'Xin chọn câu cần sửa:',
    submitted: (name: string, unit: string, at: Date, late: boolean) =>
      `✅ Đã gửi <b>${esc(name)}</b> của ${esc(unit)} lúc ${formatDateTime(at)}${late ? ' (nộp muộn)' : ' (đúng hạn)'}.\nCảm ơn đồng chí!`,
    leaderNotice: (unit: string, name: string, at: Date, late: boolean) =>
      `📥 ${esc(unit)} đã gửi ${esc(name)} lúc ${formatDateTime(at)}${late ? ' (nộp muộn)' : ''}.`,
    sharedDraft: (name: string, who: string) =>
      `${esc(name)} của đơn vị đang được đồng chí ${esc(who)} soạn dở. Các câu trả lời được lưu chung cho đơn vị; đồng chí có thể làm tiếp:`,
    view: (p: {
      name: string;
      unit: string;
      submittedAt: Date;
      late: boolean;
      by: string;
      sections: { title: string; lines: { label: string; value: string }[] }[];
      attachments: string[];
      revisions: { label: string; from: string; to: string; at: Date; by: string }[];
      review: 'accepted' | 'returned' | null;
    }) =>
      [
        `📄 <b>${esc(p.name)}</b> — ${esc(p.unit)}`,
        `Gửi lúc ${formatDateTime(p.submittedAt)}${p.late ? ' (nộp muộn)' : ' (đúng hạn)'}${p.by ? `, người gửi: ${esc(p.by)}` : ''}`,
        ...(p.review === 'accepted'
          ? ['✅ Cụm trưởng đã đánh giá: Đạt']
          : p.review === 'returned'
            ? ['↩️ Cụm trưởng đã trả lại để sửa; đơn vị chưa sửa xong']
            : []),
        ...answerLines(p.sections),
        ...(p.attachments.length ? ['', reportTexts.report.attachments(p.attachments)] : []),
        ...(p.revisions.length
          ? [
              '',
              '<b>Đã sửa sau khi gửi</b>',
              ...p.revisions.map(
                (r) => `• ${esc(r.label)}: ${esc(r.from)} → ${esc(r.to)} (${formatDateTime(r.at)}, ${esc(r.by)})`,
              ),
            ]
          : []),
      ].join('\n'),
  },

  share: {
    chooseField: 'Chia sẻ câu trả lời nào của đơn vị tới các đơn vị khác?',
    nothing: 'Báo cáo này không có câu trả lời bằng chữ để chia sẻ.',
    message: (p: {
      leaderUnit: string;
      unit: string;
      name: string;
      label: string;
      text: string;
      note?: string | null;
    }) =>
      [
        `🌟 <b>Trao đổi kinh nghiệm</b> — Cụm trưởng (${esc(p.leaderUnit)}) chia sẻ:`,
        '',
        `Kinh nghiệm hay của <b>${esc(p.unit)}</b>: ${esc(p.text)}`,
        `<i>(Theo ${esc(p.name)}, mục «${esc(p.label)}».)</i>`,
        ...(p.note ? ['', `💬 Lời nhắn của Cụm trưởng: ${esc(p.note)}`] : []),
      ].join('\n'),
    preview: (message: string, units: number, people: number, hasNote: boolean) =>
      `<b>Xem lại trước khi chia sẻ</b> (gửi tới ${units} đơn vị khác, ${people} người):\n\n${message}\n\n` +
      (hasNote
        ? '<i>Muốn sửa lời nhắn, xin gõ lại. Nếu đúng, xin bấm «✅ Gửi tới các đơn vị».</i>'
        : '<i>Đồng chí có thể gõ thêm một lời nhắn ngắn (không bắt buộc). Nếu đúng, xin bấm «✅ Gửi tới các đơn vị».</i>'),
    noteTooLong: (max: number) => `Lời nhắn dài quá, xin rút gọn dưới ${formatNumber(max)} ký tự.`,
    noRecipients: 'Các đơn vị khác chưa có ai đăng ký nhận tin, nên chưa chia sẻ được.',
    cancelled: 'Đã hủy, chưa chia sẻ gì.',
    sending: 'Đang gửi tới các đơn vị…',
    result: (sent: number, total: number, failures: { unit: string; person: string; reason: string }[]) =>
      [
        `Đã chia sẻ kinh nghiệm tới ${sent}/${total} người.`,
        ...(failures.length
          ? ['Không gửi được:', ...failures.map((f) => `• ${esc(f.person)} (${esc(f.unit)}): ${esc(f.reason)}`)]
          : []),
      ].join('\n'),
  },
} as const;

function answerLines(sections: { title: string; lines: { label: string; value: string }[] }[]): string[] {
  return sections.flatMap((s) => [
    '',
    `<b>${esc(s.title)}</b>`,
    ...s.lines.map((l) => `• ${esc(l.label)}: ${esc(l.value)}`),
  ]);
}

/** An answer as people read it: "1.500 người", "25 %", "Có", "06/12/2026", "A; B". */
export function formatAnswer(value: AnswerValue | undefined, field: FieldDefinition): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    const unit = fieldUnit(field);
    return unit === '%' ? `${formatNumber(value)}%` : `${formatNumber(value)}${unit ? ` ${unit}` : ''}`;
  }
  if (typeof value === 'boolean') return value ? commonTexts.button.yes : commonTexts.button.no;
  if (Array.isArray(value)) return value.length ? value.join('; ') : reportTexts.report.noneChosen;
  return field.type === 'date' ? formatIsoDate(value) : value;
}

function answerHint(field: FieldDefinition): string {
  switch (field.type) {
    case 'integer':
      return 'Xin nhập một số nguyên, ví dụ: 12 hoặc 1.500';
    case 'decimal':
      return 'Xin nhập một số, ví dụ: 1.500 hoặc 2,5';
    case 'percent':
      return 'Xin nhập tỷ lệ phần trăm, ví dụ: 15 hoặc 12,5%';
    case 'text':
    case 'long_text':
      return `Xin gõ câu trả lời (tối đa ${formatNumber(field.maxLength)} ký tự).`;
    case 'choice':
      return 'Xin bấm chọn một ý bên dưới.';
    case 'multi_choice':
      return 'Xin bấm chọn các ý phù hợp (có thể chọn nhiều), rồi bấm «Xong».';
    case 'yes_no':
      return 'Xin bấm «Có» hoặc «Không».';
    case 'date':
      return 'Xin nhập ngày theo dạng ngày/tháng/năm, ví dụ: 06/12/2026 hoặc 6/12';
  }
}

function confirmReason(
  reason: AnswerWarning | { code: 'forwarded' },
  value: string,
  field: FieldDefinition,
  today: Date,
): string {
  switch (reason.code) {
    case 'forwarded':
      return 'Đây là tin nhắn chuyển tiếp (hoặc gửi qua bot khác), có thể không phải câu trả lời của đồng chí.';
    case 'above_year_target':
      return `${esc(value)} lớn hơn cả chỉ tiêu năm ${reason.year} (${esc(formatAnswer(reason.target, field)!)}).`;
    case 'jump':
      return `${esc(value)} gấp ${formatNumber(reason.factor)} lần kỳ trước (${esc(formatAnswer(reason.previous, field)!)}).`;
    case 'drop':
      return `${esc(value)} nhỏ hơn rất nhiều so với kỳ trước (${esc(formatAnswer(reason.previous, field)!)}).`;
    case 'future_date':
      return `Ngày ${esc(value)} chưa tới (hôm nay là ${formatDate(today)}).`;
  }
}

function problemText(problem: AnswerProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Chưa có câu trả lời.';
    case 'not_a_number':
      return 'Câu này cần một con số.';
    case 'not_integer':
      return 'Câu này cần số nguyên (không có phần lẻ).';
    case 'ambiguous':
      return `Chưa rõ đồng chí muốn ghi ${formatNumber(problem.candidates[0])} hay ${formatNumber(problem.candidates[1])}. Xin bấm chọn số đúng, hoặc ghi lại.`;
    case 'below_min':
      return `Số phải từ ${formatNumber(problem.min)} trở lên.${problem.max !== undefined ? ` Xin nhập số từ ${formatNumber(problem.min)} đến ${formatNumber(problem.max)}.` : ''}`;
    case 'above_max':
      return `Số không được lớn hơn ${formatNumber(problem.max)}.${problem.min !== undefined ? ` Xin nhập số từ ${formatNumber(problem.min)} đến ${formatNumber(problem.max)}.` : ''}`;
    case 'too_large':
      return `Số quá lớn. Xin nhập số từ ${formatNumber(problem.min)} đến ${formatNumber(problem.max)}.`;
    case 'too_long':
      return `Câu trả lời dài ${formatNumber(problem.length)} ký tự, quá mức ${formatNumber(problem.maxLength)} ký tự. Xin rút gọn.`;
    case 'not_a_date':
      return 'Chưa đúng ngày.';
    case 'not_an_option':
      return `Xin chọn bằng nút, hoặc gõ số thứ tự từ 1 đến ${problem.count}.`;
    case 'not_yes_no':
      return 'Câu này chỉ cần trả lời Có hoặc Không.';
  }
}
