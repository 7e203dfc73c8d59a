import { describe, expect, it } from 'vitest';
import { fixture } from './test-support/fixtures.js';
import { parsePressure } from './parse-pressure.js';

describe('parsePressure', () => {
  it('reads some and full from real pressure files', () => {
    expect(parsePressure(fixture('pressure-cpu.txt'))).toEqual({
      some: { avg10: 19.93, avg60: 19.55, avg300: 9.32 },
      full: { avg10: 0, avg60: 0, avg300: 0 },
    });
    expect(parsePressure(fixture('pressure-io.txt'))).toEqual({
      some: { avg10: 0, avg60: 0, avg300: 0.04 },
      full: { avg10: 0, avg60: 0, avg300: 0.02 },
    });
    expect(parsePressure(fixture('pressure-memory.txt'))!.full).toEqual({ avg10: 0, avg60: 0, avg300: 0 });
  });

  it('gives full = null when the kernel prints no full line (cpu before 5.13)', () => {
    expect(parsePressure(fixture('pressure-cpu-no-full.txt'))).toEqual({
      some: { avg10: 12.5, avg60: 3.25, avg300: 0.75 },
      full: null,
    });
  });

  it('gives null for an empty or malformed file', () => {
    expect(parsePressure('')).toBeNull();
    expect(parsePressure('some avg10=x avg60=1 avg300=1 total=0\n')).toBeNull();
  });
});
