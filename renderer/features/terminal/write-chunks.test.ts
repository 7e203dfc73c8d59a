import { describe, expect, it } from 'vitest';
import { splitForWrite } from './write-chunks.js';

describe('splitForWrite', () => {
  it('keeps short text whole', () => {
    expect(splitForWrite('hello', 10)).toEqual(['hello']);
  });

  it('splits long text into pieces that join back to the original', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `${i}\r\n`).join('');
    const pieces = splitForWrite(text, 1000);
    expect(pieces.length).toBeGreaterThan(20);
    expect(pieces.every((p) => p.length <= 1000 && p.length > 0)).toBe(true);
    expect(pieces.join('')).toBe(text);
  });

  it('never cuts a character outside the basic plane in half', () => {
    const text = 'ab' + '😀'.repeat(50);
    for (const max of [2, 3, 4, 7]) {
      const pieces = splitForWrite(text, max);
      expect(pieces.join('')).toBe(text);
      for (const p of pieces) {
        expect(p.length).toBeGreaterThan(0);
        // A piece never ends in a lone high surrogate nor starts with a lone low one.
        expect(/[\uD800-\uDBFF]$/.test(p)).toBe(false);
        expect(/^[\uDC00-\uDFFF]/.test(p)).toBe(false);
      }
    }
  });
});
