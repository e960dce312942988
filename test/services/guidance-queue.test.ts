import { describe, expect, it } from 'vitest';
import { guidanceMessages } from '../../src/services/guidance-queue.js';

const to = { chatId: 201, personId: 7, clusterId: 1 };
const doc = { kind: 'document' as const, fileId: 'DOC-1', fileName: 'ke-hoach.pdf' };
const ack = { inline_keyboard: [[{ text: '👍 Đã nhận', callback_data: 'gd:ack:5' }]] };

describe('the messages of one guidance delivery', () => {
  it('is one text message with "Đã nhận" when nothing is attached', () => {
    const [message, ...more] = guidanceMessages(to, 5, { text: 'Họp lúc 8 giờ.' }, { batchId: 3 });
    expect(more).toEqual([]);
    expect(message).toMatchObject({
      method: 'sendMessage',
      chatId: 201,
      personId: 7,
      batchId: 3,
      dedupeKey: 'guidance:5:3',
      payload: { text: 'Họp lúc 8 giờ.', reply_markup: ack },
    });
  });

  it('carries a short text as the caption of the file, with the button', () => {
    const messages = guidanceMessages(
      to,
      5,
      { text: 'x'.repeat(1024), file: doc },
      { batchId: 3, expiresAt: new Date('2026-11-22T14:00:00Z') },
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      method: 'sendDocument',
      expiresAt: new Date('2026-11-22T14:00:00Z'),
      payload: { document: 'DOC-1', caption: 'x'.repeat(1024), parse_mode: 'HTML', reply_markup: ack },
    });
  });

  it('sends the file first and the text after it, with the button, when the text is too long for a caption', () => {
    const messages = guidanceMessages(
      to,
      5,
      { text: 'x'.repeat(1025), file: { kind: 'photo', fileId: 'PH-1', fileName: null } },
      { batchId: 3 },
    );
    expect(messages.map((m) => m.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(messages[0]!.payload).not.toHaveProperty('reply_markup');
    expect(messages[0]!.dedupeKey).toBe('guidance:5:3:file');
    expect(messages[1]).toMatchObject({
      dedupeKey: 'guidance:5:3',
      payload: { text: 'x'.repeat(1025), reply_markup: ack },
    });
  });
});
