import { describe, expect, it } from 'vitest';
import {
  fitsCallbackData,
  MAX_CAPTION,
  MAX_TEXT,
  splitMessage,
  visibleLength,
  visibleText,
} from '../../src/domain/telegram-limits.js';
import { parseTelegramHtml } from '../emulator/telegram-rules.js';

/** Every part must pass the emulator's (independent) copy of Telegram's rules. */
function expectValid(parts: string[], max: number): void {
  for (const part of parts) {
    const shown = parseTelegramHtml(part);
    expect(shown.length).toBeLessThanOrEqual(max);
    expect(shown.trim()).not.toBe('');
  }
}

describe('visibleLength', () => {
  it('counts what Telegram counts: tags removed, entities decoded, UTF-16 units', () => {
    expect(visibleLength('<b>A &amp; B</b>')).toBe(5);
    expect(visibleLength('&#128512; &#x1F600;')).toBe(5);
    expect(visibleLength('😀')).toBe(2);
    expect(visibleLength('<b>x</b>', false)).toBe(8);
    expect(visibleText('<i>a &lt;b&gt; &quot;c&quot;</i>')).toBe('a <b> "c"');
  });
});

describe('splitMessage', () => {
  it('keeps a message that fits as it was', () => {
    const text = `<b>Tiêu đề</b>\n${'ệ'.repeat(4000)}`;
    expect(splitMessage(text)).toEqual([text]);
    // 4,096 visible characters written as 20,480 characters of entities: still one message.
    expect(splitMessage('&amp;'.repeat(MAX_TEXT))).toHaveLength(1);
  });

  it('cuts at line breaks, loses no line and keeps the order', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `• <b>Câu ${i}</b>: ${'chữ '.repeat(10)}&lt;${i}&gt;`);
    const parts = splitMessage(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    expectValid(parts, MAX_TEXT);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });

  it('cuts a line longer than a message at spaces, closing and reopening the tags around the cut', () => {
    const long = `✏️ Đơn vị đã sửa:\n• <b>Kết quả</b>: <i>${'một câu trả lời dài & có <ký tự> '.repeat(300)}</i> (Lan)`;
    const html = long.replaceAll('& ', '&amp; ').replaceAll('<ký tự>', '&lt;ký tự&gt;');
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(2);
    expectValid(parts, MAX_TEXT);
    expect(parts[1]).toMatch(/^<i>/);
    expect(parts[0]).toMatch(/<\/i>$/);
    // Nothing visible is lost: the parts read as the whole, the cuts being at spaces.
    expect(parts.map((p) => visibleText(p)).join(' ')).toBe(visibleText(html));
  });

  it('cuts a word with no space in it between characters, never inside an entity or an emoji', () => {
    const html = `<code>${'&amp;😀x'.repeat(3000)}</code>`;
    const parts = splitMessage(html);
    expectValid(parts, MAX_TEXT);
    expect(parts.map((p) => visibleText(p)).join('')).toBe(visibleText(html));
  });

  it('keeps nested and attributed tags valid across a cut', () => {
    const html = `<blockquote expandable><a href="https://t.me/x?a=1&amp;b=2"><b>${'lời '.repeat(1500)}</b></a></blockquote>`;
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(1);
    expectValid(parts, MAX_TEXT);
    expect(parts[1]).toMatch(/^<blockquote expandable><a href="https:\/\/t\.me\/x\?a=1&amp;b=2"><b>/);
  });

  it('makes a caption of the first part and messages of the rest', () => {
    const html = `<b>Thông báo</b>\n${'nội dung '.repeat(600)}`;
    const [caption, ...rest] = splitMessage(html, { firstMax: MAX_CAPTION });
    expectValid([caption!], MAX_CAPTION);
    expectValid(rest, MAX_TEXT);
    expect(rest.length).toBeGreaterThan(0);
  });

  it('escapes stray characters so every part is valid HTML, and splits plain text by its own length', () => {
    expect(splitMessage('A & B > C < D')).toEqual(['A &amp; B &gt; C &lt; D']);
    expect(splitMessage('<b>x</b>'.repeat(600), { html: false, max: 1000 }).map((p) => p.length)).toEqual([
      1000, 1000, 1000, 1000, 800,
    ]);
  });

  it('drops parts with nothing to show', () => {
    expect(splitMessage(`${'a'.repeat(4096)}\n\n\n<b> </b>`)).toEqual(['a'.repeat(4096)]);
  });
});

describe('fitsCallbackData', () => {
  it('counts bytes, 1 to 64', () => {
    expect(fitsCallbackData('x'.repeat(64))).toBe(true);
    expect(fitsCallbackData('x'.repeat(65))).toBe(false);
    expect(fitsCallbackData('ệ'.repeat(22))).toBe(false);
    expect(fitsCallbackData('')).toBe(false);
  });
});

describe('the catalogue', () => {
  it('has only texts Telegram reads as valid HTML (fixed texts, every one)', async () => {
    const { vi } = await import('../../src/i18n/vi.js');
    const texts: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(vi);
    expect(texts.length).toBeGreaterThan(100);
    for (const text of texts) expect(() => parseTelegramHtml(text), text).not.toThrow();
  });
});

describe('splitMessage on many generated messages', () => {
  it('always gives parts Telegram accepts, losing no visible character', () => {
    // A small seeded generator, so a failure can be replayed.
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const pieces = ['chữ', 'ệ', '😀', ' ', ' ', '\n', '&amp;', '&lt;', '&#8364;', 'A & B', '<x>', '</b>'];
    const tags = ['b', 'i', 'u', 's', 'code', 'tg-spoiler', 'blockquote'];
    const generate = (depth: number): string => {
      let out = '';
      const count = 1 + Math.floor(random() * 120);
      for (let i = 0; i < count; i++) {
        if (depth < 3 && random() < 0.02) {
          const tag = pick(tags);
          out += `<${tag}>${generate(depth + 1)}</${tag}>`;
        } else out += pick(pieces).repeat(1 + Math.floor(random() * 8));
      }
      return out;
    };
    for (let n = 0; n < 30; n++) {
      const html = generate(0);
      const max = pick([50, 300, 1024, 4096]);
      const parts = splitMessage(html, { max });
      for (const part of parts) {
        const shown = parseTelegramHtml(part);
        expect(shown.length, part).toBeLessThanOrEqual(max);
      }
      // What is shown, blanks aside, is the whole of it (the repaired stray characters included).
      const all = parts
        .map((p) => parseTelegramHtml(p))
        .join('')
        .replace(/\s+/g, '');
      expect(all).toBe(visibleText(splitMessage(html, { max: 1_000_000 })[0] ?? '').replace(/\s+/g, ''));
    }
  });
});
