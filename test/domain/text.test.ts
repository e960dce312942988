import { describe, expect, it } from 'vitest';
import { cleanText, foldVietnamese, isBlank, normalizeDigits } from '../../src/domain/text.js';

describe('cleanText', () => {
  it.each([
    ['Nguyễn\u0000 Văn A', 'Nguyễn Văn A'], // NUL: Postgres refuses it in text and jsonb
    ['a\u0001b\u0007c\u001Bd\u007Fe\u0085f\u009Fg', 'abcdefg'], // other C0 and C1 controls
    ['dòng 1\r\ndòng 2\tcột', 'dòng 1\ndòng 2\tcột'], // newline and tab kept, CR dropped
    ['x\uD800y', 'x\uFFFDy'], // a lone high surrogate
    ['x\uDC00y', 'x\uFFFDy'], // a lone low surrogate
    ['kết\u200B nạp\uFEFF', 'kết nạp'], // zero-width space, BOM
    ['\u202Bphải\u202C', 'phải'], // bidi embedding
    ['  Tốt  ', 'Tốt'],
    ['Vie\u0302\u0323t Nam', 'Việt Nam'], // decomposed diacritics → NFC
  ])('cleans %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('keeps real pairs: emoji, with their joiners', () => {
    expect(cleanText('👨‍👩‍👧 gia đình')).toBe('👨‍👩‍👧 gia đình');
    expect(cleanText('😀')).toBe('😀');
  });

  it.each([
    '\u200B',
    '\u200D\u200C',
    '\uFEFF \u2060',
    '\u3164',
    '\u2800\u2800',
    ' \u00AD ',
    '\u0000',
    '\u0000\u200B\n\t',
    '\uFE0F',
  ])('counts %j, made only of invisible characters, as empty', (input) => {
    expect(cleanText(input)).toBe('');
    expect(isBlank(input)).toBe(true);
  });
});

describe('normalizeDigits', () => {
  it.each([
    ['１２', '12'], // fullwidth
    ['١٢٫٥', '12٫5'], // Arabic-Indic digits (the Arabic decimal sign is not ours)
    ['۱۲۳', '123'], // Extended Arabic-Indic (Persian)
    ['१२', '12'], // Devanagari
    ['๑๒', '12'], // Thai
    ['𝟏𝟐', '12'], // mathematical bold
    ['１，５', '1,5'], // fullwidth comma
    ['−3', '-3'], // minus sign
    ['1\u202F500', '1 500'], // narrow no-break space
    ['1\u00A0500', '1 500'],
  ])('reads %j as %j', (input, expected) => {
    expect(normalizeDigits(input)).toBe(expected);
  });
});

describe('foldVietnamese', () => {
  it.each([
    ['Không', 'khong'],
    ['ĐÚNG RỒI', 'dung roi'],
    ['Có  ạ', 'co a'],
    ['vụ việc', 'vu viec'],
  ])('folds %j to %j', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });
});
