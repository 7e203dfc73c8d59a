import { describe, expect, it } from 'vitest';
import type { OpenFilesResult } from '../../../native-bridge/contract/index.js';
import { emptyFilesText, openFilesSummary } from './OpenFilesTable.js';

const base: OpenFilesResult = { pid: 1, startTime: 1, name: 'init', user: 'root', files: [], countsByType: {}, unreadable: null };
const denial = { reason: 'more-privileged' as const, sentence: 'init (pid 1) holds privileges that Triage does not have.' };

describe('open files summary', () => {
  it('read and empty is the only case that says "no open descriptors"', () => {
    expect(openFilesSummary(base)).toBe('0 open descriptors');
    expect(emptyFilesText(base)).toBe('This process has no open descriptors.');
  });
  it('refused: says so and why, never "none"', () => {
    const refused = { ...base, unreadable: { ...denial, descriptors: null } };
    expect(openFilesSummary(refused)).toBe(`Could not read its open descriptors. ${denial.sentence}`);
    expect(emptyFilesText(refused)).not.toMatch(/no open descriptors/);
    const linksRefused = { ...base, unreadable: { ...denial, descriptors: 315 } };
    expect(openFilesSummary(linksRefused)).toBe(`315 open descriptors, none of which Triage may read. ${denial.sentence}`);
  });
  it('counts use the right plural per kind', () => {
    const some = { ...base, files: [], countsByType: { socket: 1, file: 2 } };
    expect(openFilesSummary(some)).toBe('0 open descriptors');
    const one = { ...base, files: [{ fd: 3, type: 'socket' as const, target: 'socket:[1]', path: null, deleted: false, mode: null, position: null, inode: 1 }], countsByType: { socket: 1 } };
    expect(openFilesSummary(one)).toBe('1 open descriptor: 1 socket');
  });
});
