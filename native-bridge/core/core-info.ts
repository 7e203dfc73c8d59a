import { TriageError } from '../contract/errors.js';
import { decodeCoreNotes, guessExecutable, type CoreNotes, type ExecutableGuess } from './core-notes.js';
import {
  ElfFormatError, ET_CORE, ET_DYN, ET_EXEC, FieldReader, findBuildId, parseElfHeader, parseNotes, parseProgramHeader,
  PT_LOAD, PT_NOTE, readElfHeader, readProgramHeaders, type ByteSource, type ElfHeader, type ProgramHeader,
} from './elf.js';

/** Notes larger than this are not read (NT_FILE of a huge process is a few MB at most). */
export const MAX_NOTES_BYTES = 64 * 1024 * 1024;

export interface CoreInfo {
  header: ElfHeader;
  loads: ProgramHeader[];
  notes: CoreNotes;
  /** Bytes the headers describe; more than the file has when it was cut short. */
  expectedBytes: number;
  truncated: boolean;
  executable: ExecutableGuess | null;
  /** Build-id of the executable as it was in memory, from the dumped first page. */
  executableBuildId: string | null;
}

/**
 * Identifies a core file from its ELF header and notes without gdb. `label` names the file in errors.
 * Throws TriageError (INVALID_INPUT) with a plain sentence for text files, programs, truncated cores.
 */
export async function readCoreInfo(src: ByteSource, label: string): Promise<CoreInfo> {
  try {
    return await readCoreInfoUnchecked(src, label);
  } catch (error) {
    if (error instanceof ElfFormatError) throw coreFormatError(error, src, label, await looksLikeText(src));
    throw error;
  }
}

async function readCoreInfoUnchecked(src: ByteSource, label: string): Promise<CoreInfo> {
  const header = await readElfHeader(src);
  if (header.type !== ET_CORE) {
    const what = header.type === ET_EXEC || header.type === ET_DYN ? 'a program or shared library' : 'an ELF file';
    throw new TriageError(
      'INVALID_INPUT',
      `${label} is ${what}, not a core dump. Choose the core file; this file may be the program that goes with it.`,
    );
  }
  const phdrs = await readProgramHeaders(src, header);
  const expectedBytes = phdrs.reduce((max, p) => Math.max(max, p.offset + p.filesz), 0);
  const noteSegments = phdrs.filter((p) => p.type === PT_NOTE);
  if (noteSegments.length === 0) {
    throw new TriageError('INVALID_INPUT', `${label} has no process information (no notes), so it is not a usable core dump.`);
  }
  const total = noteSegments.reduce((sum, p) => sum + p.filesz, 0);
  if (total > MAX_NOTES_BYTES) throw new TriageError('INVALID_INPUT', `${label} has implausibly large notes (${total} bytes).`);
  const noteList = [];
  for (const seg of noteSegments) {
    if (seg.offset + seg.filesz > src.size) throw new ElfFormatError('truncated', 'The notes are cut off.');
    noteList.push(...parseNotes(await src.read(seg.offset, seg.filesz), header.littleEndian));
  }
  const notes = decodeCoreNotes(noteList, header.littleEndian, header.is64);
  if (notes.threads.length === 0 && notes.psinfo === null) {
    throw new TriageError('INVALID_INPUT', `${label} holds no thread or process information; it is not a Linux core dump.`);
  }
  const loads = phdrs.filter((p) => p.type === PT_LOAD);
  const executable = guessExecutable(notes);
  const executableBuildId = executable?.mappedAt != null ? await buildIdInMemory(src, header, loads, executable.mappedAt) : null;
  return { header, loads, notes, expectedBytes, truncated: src.size < expectedBytes, executable, executableBuildId };
}

/** Reads bytes of the crashed process's memory from the core, or null where they were not dumped. */
export async function readCoreMemory(src: ByteSource, loads: readonly ProgramHeader[], address: bigint, length: number): Promise<Buffer | null> {
  const seg = loads.find((p) => p.vaddr <= address && address + BigInt(length) <= p.vaddr + BigInt(p.filesz));
  if (!seg) return null;
  const offset = seg.offset + Number(address - seg.vaddr);
  if (offset + length > src.size) return null;
  const buf = await src.read(offset, length);
  return buf.length === length ? buf : null;
}

/**
 * The kernel dumps the first page of each mapped ELF file, which holds its program headers and (for
 * every normal link) the build-id note: enough to tell whether the file on disk is the one that ran.
 */
async function buildIdInMemory(src: ByteSource, core: ElfHeader, loads: readonly ProgramHeader[], base: bigint): Promise<string | null> {
  try {
    const headBuf = await readCoreMemory(src, loads, base, core.is64 ? 64 : 52);
    if (!headBuf) return null;
    const h = parseElfHeader(headBuf);
    const phBuf = await readCoreMemory(src, loads, base + BigInt(h.phoff), h.phnum * h.phentsize);
    if (!phBuf || h.phnum === 0 || h.phnum > 256) return null;
    const f = new FieldReader(phBuf, h.littleEndian, h.is64);
    const phdrs = Array.from({ length: h.phnum }, (_v, i) => parseProgramHeader(f, i * h.phentsize));
    const firstLoad = phdrs.find((p) => p.type === PT_LOAD && p.offset === 0);
    if (!firstLoad) return null;
    for (const note of phdrs.filter((p) => p.type === PT_NOTE && p.filesz <= 4096)) {
      const bytes = await readCoreMemory(src, loads, base + (note.vaddr - firstLoad.vaddr), note.filesz);
      const id = bytes ? findBuildId(parseNotes(bytes, h.littleEndian)) : null;
      if (id) return id;
    }
  } catch {
    // The first page was not dumped or is damaged: the build-id is simply unknown.
  }
  return null;
}

async function looksLikeText(src: ByteSource): Promise<boolean> {
  const head = await src.read(0, 512);
  if (head.length === 0) return false;
  let printable = 0;
  for (const byte of head) if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127) || byte >= 0xc0) printable++;
  return printable / head.length > 0.95;
}

function coreFormatError(error: ElfFormatError, src: ByteSource, label: string, text: boolean): TriageError {
  switch (error.kind) {
    case 'not-elf':
      return new TriageError(
        'INVALID_INPUT',
        `${label} is not a core dump: ${text ? 'it is a text file' : 'it is not an ELF file'}.`,
        error.message,
      );
    case 'truncated':
      return new TriageError(
        'INVALID_INPUT',
        `${label} is a truncated core dump: the file (${src.size} bytes) ends before its process information. The crash was probably cut short while writing (disk full or a core size limit).`,
        error.message,
      );
    default:
      return new TriageError('INVALID_INPUT', `${label} is not a core dump Triage can read.`, error.message);
  }
}
