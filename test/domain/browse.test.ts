import { describe, expect, it } from 'vitest';
import { browseState, pageContaining, pageOf } from '../../src/domain/browse.js';
import { shareableAnswers } from '../../src/domain/share.js';
import { templateDefinitionSchema } from '../../src/domain/template.js';

describe('browsing pages, newest first', () => {
  const items = Array.from({ length: 11 }, (_, i) => i);

  it('cuts a list into pages and says which way there is more', () => {
    expect(pageOf(items, 0, 6)).toEqual({
      items: [0, 1, 2, 3, 4, 5],
      page: 0,
      pages: 2,
      hasNewer: false,
      hasOlder: true,
    });
    expect(pageOf(items, 1, 6)).toEqual({
      items: [6, 7, 8, 9, 10],
      page: 1,
      pages: 2,
      hasNewer: true,
      hasOlder: false,
    });
    expect(pageOf([1, 2], 0, 6)).toMatchObject({ pages: 1, hasNewer: false, hasOlder: false });
  });

  it('shows the nearest page for a page that no longer exists', () => {
    expect(pageOf(items, 9, 6).page).toBe(1);
    expect(pageOf([], 3, 6)).toEqual({ items: [], page: 0, pages: 1, hasNewer: false, hasOlder: false });
  });

  it('finds the page an item is on, for the way back', () => {
    expect(pageContaining(0, 6)).toBe(0);
    expect(pageContaining(5, 6)).toBe(0);
    expect(pageContaining(6, 6)).toBe(1);
    expect(pageContaining(-1, 6)).toBe(0);
  });

  it('counts a draft never sent as not reported once the period is over', () => {
    expect(browseState('drafting', true)).toBe('drafting');
    expect(browseState('drafting', false)).toBe('missing');
    expect(browseState('late', false)).toBe('late');
  });
});

describe('answers the leader can share', () => {
  const template = templateDefinitionSchema.parse({
    title: 'Báo cáo tháng',
    sections: [
      {
        title: 'Nhiệm vụ 3',
        fields: [
          { key: 'so_mo_hinh', label: 'Số mô hình mới', type: 'integer' },
          { key: 'co_mo_hinh', label: 'Có mô hình mới?', type: 'yes_no' },
          { key: 'mo_ta', label: 'Mô tả mô hình', type: 'long_text', showIf: { field: 'co_mo_hinh', equals: true } },
          { key: 'noi_bat', label: 'Kết quả nổi bật', type: 'text' },
          { key: 'kien_nghi', label: 'Kiến nghị', type: 'text', required: false },
        ],
      },
    ],
  });

  it('offers the written answers, in template order, trimmed', () => {
    const answers = {
      so_mo_hinh: 3,
      co_mo_hinh: true,
      mo_ta: '  Tổ hợp tác nuôi bò  ',
      noi_bat: 'Kết nạp 12 hội viên',
      kien_nghi: null,
    };
    expect(shareableAnswers(template, answers)).toEqual([
      { key: 'mo_ta', label: 'Mô tả mô hình', text: 'Tổ hợp tác nuôi bò' },
      { key: 'noi_bat', label: 'Kết quả nổi bật', text: 'Kết nạp 12 hội viên' },
    ]);
  });

  it('leaves out hidden, skipped and blank answers', () => {
    const answers = { so_mo_hinh: 0, co_mo_hinh: false, mo_ta: 'còn lại từ lần trước', noi_bat: '   ' };
    expect(shareableAnswers(template, answers)).toEqual([]);
  });
});
