import { access } from 'node:fs/promises';
import { realpath } from 'node:fs/promises';
import type { CoreExecutableMatch } from '../contract/core.js';
import { TriageError } from '../contract/errors.js';
import {
  ElfFormatError, ET_DYN, ET_EXEC, findBuildId, parseNotes, PT_NOTE, readElfHeader, readProgramHeaders, readSectionHeaders,
  type ByteSource,
} from './elf.js';
import { openUntrusted } from './untrusted-file.js';

export interface ExecutableFacts {
  /** The real path (symlinks resolved: /usr/bin/python3 → python3.11). */
  path: string;
  buildId: string | null;
  /** DWARF in the file itself or in /usr/lib/debug by build-id. */
  hasDebugInfo: boolean;
  /** A symbol table (.symtab): false for a stripped binary. */
  hasSymbols: boolean;
  modifiedMs: number;
}

const MAX_EXE_BYTES = 8 * 1024 ** 3;

/** Pure-ish over a byte source: build-id, debug info and symbols of an ELF program. */
export async function inspectElfProgram(src: ByteSource): Promise<Omit<ExecutableFacts, 'path' | 'modifiedMs'>> {
  const header = await readElfHeader(src);
  if (header.type !== ET_EXEC && header.type !== ET_DYN) throw new ElfFormatError('unsupported', 'Not a program.');
  let buildId: string | null = null;
  for (const p of (await readProgramHeaders(src, header, 4096)).filter((ph) => ph.type === PT_NOTE && ph.filesz <= 65_536)) {
    buildId ??= findBuildId(parseNotes(await src.read(p.offset, p.filesz), header.littleEndian));
  }
  const sections = await readSectionHeaders(src, header).catch(() => []);
  const names = new Set(sections.map((s) => s.name));
  return {
    buildId,
    hasDebugInfo: names.has('.debug_info') || names.has('.zdebug_info'),
    hasSymbols: names.has('.symtab'),
  };
}

/** Opens and inspects the program that goes with a core; errors name it as "the program". */
export async function inspectExecutable(path: string, debugRoot = '/usr/lib/debug'): Promise<ExecutableFacts> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new TriageError('NOT_FOUND', `The program ${path} is not on this machine. Choose the program that crashed.`);
  }
  const file = await openUntrusted(real, 'program', MAX_EXE_BYTES, true);
  try {
    const facts = await inspectElfProgram(file.source).catch((error: unknown) => {
      if (error instanceof ElfFormatError) {
        throw new TriageError('INVALID_INPUT', `${path} is not a program (not an ELF executable). Choose the program that crashed.`, error.message);
      }
      throw error;
    });
    const hasDebugInfo = facts.hasDebugInfo || (facts.buildId !== null && (await separateDebugFileExists(facts.buildId, debugRoot)));
    return { ...facts, hasDebugInfo, path: real, modifiedMs: file.stat.mtimeMs };
  } finally {
    await file.handle.close();
  }
}

async function separateDebugFileExists(buildId: string, debugRoot: string): Promise<boolean> {
  try {
    await access(`${debugRoot}/.build-id/${buildId.slice(0, 2)}/${buildId.slice(2)}.debug`);
    return true;
  } catch {
    return false;
  }
}

/** Pure: does the program on disk look like the one that crashed? */
export function matchExecutable(facts: {
  exists: boolean;
  deleted: boolean;
  coreBuildId: string | null;
  fileBuildId: string | null;
  exeModifiedMs: number | null;
  coreModifiedMs: number;
}): CoreExecutableMatch {
  if (!facts.exists) return 'missing';
  if (facts.coreBuildId && facts.fileBuildId) return facts.coreBuildId === facts.fileBuildId ? 'same-build' : 'different-build';
  if (facts.deleted) return 'changed-after-crash';
  if (facts.exeModifiedMs !== null && facts.exeModifiedMs > facts.coreModifiedMs + 1000) return 'changed-after-crash';
  return 'unverified';
}

export function describeMatch(match: CoreExecutableMatch, exe: string): string | null {
  switch (match) {
    case 'different-build':
      return `${exe} is not the build that crashed (its build-id differs), so function names and lines may be wrong. Choose the program that crashed.`;
    case 'changed-after-crash':
      return `${exe} was changed after the crash, so function names and lines may be wrong.`;
    case 'missing':
      return `${exe} is no longer on this machine.`;
    default:
      return null;
  }
}
