import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS } from './columns.js';
import { DEFAULT_VIEW, DETAIL_WIDTH, parseViewPreferences, serializeViewPreferences, type ViewPreferences } from './view-preferences.js';

describe('process view preferences', () => {
  it('round-trip every choice, keeping the column order', () => {
    const view: ViewPreferences = { columns: ['cmdline', 'pid', 'rss'], sort: { column: 'rss', desc: false }, cpuMode: 'machine', tree: true, detailWidth: 512 };
    expect(parseViewPreferences(serializeViewPreferences(view))).toEqual(view);
  });

  it('fall back to the defaults for no value, bad JSON, other versions and non-objects', () => {
    for (const text of [null, '', 'not json', '{', 'null', '42', '"x"', '[]', '{"v":2,"tree":true}', '{"tree":true}']) {
      expect(parseViewPreferences(text)).toEqual(DEFAULT_VIEW);
    }
  });

  it('drop unknown or repeated column ids and replace a bad field by its default, keeping the good ones', () => {
    const text = JSON.stringify({
      v: 1,
      columns: ['gpu', 'pid', 42, 'pid', 'name', '__proto__'],
      sort: { column: 'gpu', desc: true },
      cpuMode: 'socket',
      tree: 'yes',
      detailWidth: 'wide',
    });
    expect(parseViewPreferences(text)).toEqual({ ...DEFAULT_VIEW, columns: ['pid', 'name'] });
    expect(parseViewPreferences(JSON.stringify({ v: 1, columns: ['gpu'], sort: { column: 'pid' }, cpuMode: 'machine' }))).toEqual({
      ...DEFAULT_VIEW,
      columns: DEFAULT_COLUMNS,
      cpuMode: 'machine',
    });
  });

  it('keep the detail width inside the bounds the split allows', () => {
    const width = (detailWidth: unknown) => parseViewPreferences(JSON.stringify({ v: 1, detailWidth })).detailWidth;
    expect(width(10)).toBe(DETAIL_WIDTH.min);
    expect(width(1e9)).toBe(DETAIL_WIDTH.max);
    expect(width(455.6)).toBe(456);
    expect(width(null)).toBe(DETAIL_WIDTH.initial);
  });
});
