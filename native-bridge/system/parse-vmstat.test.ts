import { describe, expect, it } from 'vitest';
import { fixture } from './test-support/fixtures.js';
import { parseVmstat } from './parse-vmstat.js';

describe('parseVmstat', () => {
  it('reads pswpin and pswpout from a real /proc/vmstat', () => {
    expect(parseVmstat(fixture('vmstat.txt'))).toEqual({ pswpin: 0, pswpout: 0 });
  });

  it('finds the counters wherever they are, without matching longer names', () => {
    const text = 'pswpin 7\nnr_pswpout_x 99\npswpout 11\n';
    expect(parseVmstat(text)).toEqual({ pswpin: 7, pswpout: 11 });
    expect(parseVmstat(fixture('vmstat.txt').replace('pswpin 0', 'pswpin 123456789'))).toEqual({ pswpin: 123456789, pswpout: 0 });
  });

  it('gives 0 for a kernel without swap counters', () => {
    expect(parseVmstat('nr_free_pages 1\n')).toEqual({ pswpin: 0, pswpout: 0 });
  });
});
