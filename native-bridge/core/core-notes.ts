import { FieldReader, type ElfNote } from './elf.js';

const NT_PRSTATUS = 1;
const NT_PRPSINFO = 3;
const NT_AUXV = 6;
const NT_SIGINFO = 0x53494749;
const NT_FILE = 0x46494c45;
const AT_ENTRY = 9n;

export interface CoreThreadNote {
  /** The thread's LWP id. */
  lwp: number;
  /** pr_cursig: the signal that thread was handling. */
  signal: number;
}

export interface CorePsInfo {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  /** The command name (comm, at most 15 characters). */
  fname: string;
  /** The start of the command line (at most 80 characters, arguments joined by spaces). */
  psargs: string;
}

export interface CoreSigInfo {
  signo: number;
  code: number;
  /** si_addr for fault signals (raw: callers decide whether the code makes it an address). */
  addr: bigint;
  /** si_pid for signals sent by a process. */
  senderPid: number;
}

export interface MappedFile {
  start: bigint;
  end: bigint;
  /** Offset into the file, in bytes. */
  fileOffset: bigint;
  path: string;
}

export interface CoreNotes {
  /** In file order: the kernel writes the thread that dumped first. */
  threads: CoreThreadNote[];
  psinfo: CorePsInfo | null;
  siginfo: CoreSigInfo | null;
  auxvEntry: bigint | null;
  files: MappedFile[];
}

/** Pure: decodes the Linux "CORE" notes of a core file (layouts of include/uapi/linux/elfcore.h). */
export function decodeCoreNotes(notes: readonly ElfNote[], littleEndian: boolean, is64: boolean): CoreNotes {
  const out: CoreNotes = { threads: [], psinfo: null, siginfo: null, auxvEntry: null, files: [] };
  for (const note of notes) {
    if (note.name !== 'CORE') continue;
    const f = new FieldReader(note.desc, littleEndian, is64);
    try {
      switch (note.type) {
        case NT_PRSTATUS:
          out.threads.push(decodePrStatus(f));
          break;
        case NT_PRPSINFO:
          out.psinfo ??= decodePrPsInfo(f);
          break;
        case NT_SIGINFO:
          out.siginfo ??= decodeSigInfo(f);
          break;
        case NT_AUXV:
          out.auxvEntry ??= decodeAuxvEntry(f);
          break;
        case NT_FILE:
          if (out.files.length === 0) out.files = decodeFileNote(f);
          break;
      }
    } catch {
      // A damaged note loses only its own facts; the rest of the core is still useful.
    }
  }
  return out;
}

function decodePrStatus(f: FieldReader): CoreThreadNote {
  // elf_siginfo (3 ints), short pr_cursig, then pr_sigpend and pr_sighold (longs, word-aligned).
  const signal = f.i16(12);
  const pidAt = 16 + 2 * f.wordSize;
  return { lwp: f.i32(pidAt), signal };
}

function decodePrPsInfo(f: FieldReader): CorePsInfo {
  if (f.is64) {
    // 4 chars, pad, unsigned long pr_flag @8, uid/gid (u32) @16, pids @24.
    return {
      uid: f.u32(16), gid: f.u32(20), pid: f.i32(24), ppid: f.i32(28),
      fname: f.cstring(40, 16), psargs: f.cstring(56, 80).trimEnd(),
    };
  }
  // 32-bit: 124 bytes means 16-bit uid/gid (i386, arm); 128 means 32-bit ids.
  const uid16 = f.buf.length === 124;
  const idsAt = 8;
  const pidAt = uid16 ? 12 : 16;
  return {
    uid: uid16 ? f.u16(idsAt) : f.u32(idsAt), gid: uid16 ? f.u16(idsAt + 2) : f.u32(idsAt + 4),
    pid: f.i32(pidAt), ppid: f.i32(pidAt + 4),
    fname: f.cstring(pidAt + 16, 16), psargs: f.cstring(pidAt + 32, 80).trimEnd(),
  };
}

function decodeSigInfo(f: FieldReader): CoreSigInfo {
  // si_signo, si_errno, si_code, then the union (aligned to a word).
  const unionAt = f.is64 ? 16 : 12;
  return { signo: f.i32(0), code: f.i32(8), addr: f.word(unionAt), senderPid: f.i32(unionAt) };
}

function decodeAuxvEntry(f: FieldReader): bigint | null {
  const step = 2 * f.wordSize;
  for (let at = 0; at + step <= f.buf.length; at += step) {
    const type = f.word(at);
    if (type === 0n) break;
    if (type === AT_ENTRY) return f.word(at + f.wordSize);
  }
  return null;
}

function decodeFileNote(f: FieldReader): MappedFile[] {
  const w = f.wordSize;
  const count = Number(f.word(0));
  const pageSize = f.word(w);
  if (count > 1_000_000) return [];
  let namesAt = 2 * w + count * 3 * w;
  const files: MappedFile[] = [];
  for (let i = 0; i < count; i++) {
    const at = 2 * w + i * 3 * w;
    const path = f.cstring(namesAt, 4096);
    namesAt += Buffer.byteLength(path) + 1;
    files.push({ start: f.word(at), end: f.word(at + w), fileOffset: f.word(at + 2 * w) * pageSize, path });
  }
  return files;
}

const DELETED = ' (deleted)';

export interface ExecutableGuess {
  path: string;
  foundBy: 'mapped-files' | 'command-line';
  /** The kernel marked the mapping "(deleted)": the file was removed or replaced after the program started. */
  deleted: boolean;
  /** Start address of the executable's first mapping (file offset 0), for reading its build-id. */
  mappedAt: bigint | null;
}

/** Pure: the executable named by the core: the mapped file holding the entry point, else the command line. */
export function guessExecutable(notes: CoreNotes): ExecutableGuess | null {
  const { files } = notes;
  let chosen: MappedFile | undefined;
  if (notes.auxvEntry !== null) {
    const entry = notes.auxvEntry;
    chosen = files.find((m) => m.start <= entry && entry < m.end);
  }
  chosen ??= files.find((m) => m.fileOffset === 0n && m.path.startsWith('/'));
  if (chosen) {
    const deleted = chosen.path.endsWith(DELETED);
    const path = deleted ? chosen.path.slice(0, -DELETED.length) : chosen.path;
    const first = files
      .filter((m) => m.path === chosen!.path && m.fileOffset === 0n)
      .sort((a, b) => (a.start < b.start ? -1 : 1))[0];
    return { path, foundBy: 'mapped-files', deleted, mappedAt: first?.start ?? null };
  }
  const first = notes.psinfo?.psargs.split(' ')[0];
  if (first && first.startsWith('/')) return { path: first, foundBy: 'command-line', deleted: false, mappedAt: null };
  return null;
}
