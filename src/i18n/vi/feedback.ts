/** Feedback on reports and the unit–leader threads. */
import { formatDateTime } from '../../domain/dates.js';
import { esc, shorten, oneLine } from './format.js';

export const feedbackTexts = {
  feedback: {
    askReason: 'Xin gõ lý do trả lại báo cáo (đơn vị sẽ nhận được):',
    askComment: 'Xin gõ ý kiến của đồng chí về báo cáo này (đơn vị sẽ nhận được):',
    chooseTarget: 'Đồng chí góp ý về cả báo cáo hay về một câu? Xin bấm chọn:',
    /** A button naming an answered question and the unit's answer (plain text, not HTML). */
    fieldButton: (label: string, value: string) => `${shorten(label, 40)}: ${shorten(value, 20)}`,
    askFieldComment: (label: string, value: string) =>
      `Xin gõ ý kiến của đồng chí về câu «${esc(label)}» (đơn vị trả lời: ${esc(oneLine(value, 200))}); đơn vị sẽ nhận được ý kiến này.`,
    sent: (kind: 'comment' | 'accept' | 'return', unit: string, fieldLabel?: string) =>
      kind === 'accept'
        ? `Đã ghi nhận báo cáo của ${esc(unit)} là Đạt và báo cho đơn vị.`
        : kind === 'return'
          ? `Đã trả lại báo cáo cho ${esc(unit)}.`
          : `Đã gửi ý kiến${fieldLabel ? ` về câu «${esc(fieldLabel)}»` : ''} tới ${esc(unit)}.`,
    notice: (
      kind: 'comment' | 'accept' | 'return',
      name: string,
      leaderUnit: string,
      body: string,
      field?: { label: string; value: string },
    ) =>
      kind === 'accept'
        ? `✅ Cụm trưởng (${esc(leaderUnit)}) đã đánh giá <b>${esc(name)}</b> của đơn vị là <b>Đạt</b>. Cảm ơn đồng chí!`
        : kind === 'return'
          ? `↩️ Cụm trưởng (${esc(leaderUnit)}) đề nghị sửa lại <b>${esc(name)}</b>.\nLý do: ${esc(body)}\nXin bấm «✏️ Sửa báo cáo».`
          : field
            ? `💬 Ý kiến của Cụm trưởng (${esc(leaderUnit)}) về <b>${esc(name)}</b>, câu «${esc(field.label)}»\n` +
              `<i>Đơn vị đã trả lời: ${esc(oneLine(field.value, 300))}</i>\n${esc(body)}`
            : `💬 Ý kiến của Cụm trưởng (${esc(leaderUnit)}) về <b>${esc(name)}</b>:\n${esc(body)}`,
    cancelled: 'Đã hủy, chưa gửi gì tới đơn vị.',
    alreadyAccepted: 'Báo cáo này đã được đánh giá rồi.',
    alreadyAcknowledged: 'Đồng chí đã xác nhận ý kiến này rồi.',
    /** Under a report, for the leader: each piece of feedback and who pressed "Đã nhận". */
    acks: (items: { kind: 'comment' | 'accept' | 'return'; body: string; at: Date; acknowledgedBy: string[] }[]) =>
      [
        '<b>Ý kiến của Cụm trưởng</b>',
        ...items.map((f) => {
          const what =
            f.kind === 'accept'
              ? '✅ Đạt'
              : f.kind === 'return'
                ? `↩️ Trả lại: ${esc(oneLine(f.body, 80))}`
                : `💬 ${esc(oneLine(f.body, 80))}`;
          const who = f.acknowledgedBy.length
            ? `👍 đã nhận: ${f.acknowledgedBy.map(esc).join(', ')}`
            : 'chưa ai bấm «Đã nhận»';
          return `• ${formatDateTime(f.at)} ${what} — ${who}`;
        }),
      ].join('\n'),
  },

  thread: {
    choosePeriod: 'Xin chọn kỳ báo cáo:',
    chooseUnit: (name: string) => `🧵 Trao đổi về ${esc(name)}. Xin chọn đơn vị (trong ngoặc là số tin):`,
    /** Plain text (a button). */
    unitButton: (unit: string, entries: number) => (entries ? `${unit} (${entries})` : unit),
    askProposal: (name: string) =>
      `📨 Xin gõ câu hỏi hoặc kiến nghị của đơn vị gửi Cụm trưởng (về ${esc(name)}), trong một tin nhắn:`,
    askReply: (quote: string) => `Xin gõ ý kiến trả lời Cụm trưởng, trong một tin nhắn:\n${quoteLine(quote)}`,
    askToUnit: (unit: string, quote?: string) =>
      `Xin gõ nội dung gửi ${esc(unit)}, trong một tin nhắn:${quote ? `\n${quoteLine(quote)}` : ''}`,
    sentToLeader: 'Đã gửi tới Cụm trưởng. Bot sẽ báo khi có trả lời.',
    sentToUnit: (unit: string) => `Đã gửi tới ${esc(unit)}.`,
    cancelled: 'Đã hủy, chưa gửi gì.',
    notYours: 'Xin lỗi, đồng chí chỉ xem và viết được trao đổi giữa đơn vị mình và Cụm trưởng.',
    toLeader: (p: { unit: string; person: string; name: string; body: string; quote?: string | undefined }) =>
      p.quote
        ? `💬 ${esc(p.unit)} (đồng chí ${esc(p.person)}) trả lời về <b>${esc(p.name)}</b>:\n${quoteLine(p.quote)}\n${esc(p.body)}`
        : `📨 Kiến nghị của ${esc(p.unit)} (đồng chí ${esc(p.person)}) về <b>${esc(p.name)}</b>:\n${esc(p.body)}`,
    toUnit: (p: { leaderUnit: string; name: string; body: string; quote?: string | undefined }) =>
      p.quote
        ? `💬 Cụm trưởng (${esc(p.leaderUnit)}) trả lời về <b>${esc(p.name)}</b>:\n${quoteLine(p.quote)}\n${esc(p.body)}`
        : `💬 Cụm trưởng (${esc(p.leaderUnit)}) gửi đơn vị, về <b>${esc(p.name)}</b>:\n${esc(p.body)}`,
    /** What a reply answers, quoted on one line: the leader's feedback, or an earlier message. */
    quoteFeedback: (kind: 'comment' | 'accept' | 'return', body: string, fieldLabel?: string) =>
      kind === 'accept'
        ? 'Báo cáo được đánh giá Đạt'
        : kind === 'return'
          ? `Trả lại báo cáo: ${body}`
          : fieldLabel
            ? `Góp ý về câu «${fieldLabel}»: ${body}`
            : `Góp ý: ${body}`,
    title: (unit: string, name: string) => `🧵 <b>Trao đổi giữa ${esc(unit)} và Cụm trưởng</b>\nVề ${esc(name)}`,
    empty: 'Chưa có trao đổi nào. Xin bấm nút bên dưới để viết.',
    entry: (e: {
      at: Date;
      who: string;
      author: string;
      kind: 'message' | 'comment' | 'accept' | 'return';
      body: string;
      field?: { label: string; value: string } | undefined;
    }) => {
      const head = `<i>${formatDateTime(e.at)}</i> · <b>${esc(e.who)}</b> (${esc(e.author)})`;
      const body = esc(e.body);
      switch (e.kind) {
        case 'message':
          return `${head}:\n${body}`;
        case 'comment':
          return e.field
            ? `${head} 💬 góp ý về câu «${esc(e.field.label)}» (đơn vị trả lời: ${esc(oneLine(e.field.value, 200))}):\n${body}`
            : `${head} 💬 góp ý về báo cáo:\n${body}`;
        case 'accept':
          return `${head} ✅ đánh giá báo cáo: <b>Đạt</b>`;
        case 'return':
          return `${head} ↩️ trả lại báo cáo. Lý do:\n${body}`;
      }
    },
    leaderSide: 'Cụm trưởng',
  },
} as const;

/** What a reply answers, on one line of its own. */
function quoteLine(text: string): string {
  return `↪️ <i>${esc(oneLine(text, 200))}</i>`;
}
