/**
 * A small ELF reader: just enough of the header, program headers, section headers and notes to identify
 * core files and executables without running gdb. Everything is bounds-checked; malformed input throws
 * ElfFormatError, which callers turn into a plain sentence.
 */

export class ElfFormatError extends Error {
  constructor(
    readonly kind: 'not-elf' | 'truncated' | 'unsupported' | 'malformed',
    message: string,
  ) {
    super(message);
    this.name = 'ElfFormatError';
  }
}

/** Random access to bytes: a file handle or, in tests, a Buffer. */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)),
  };
}

export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;
export const PT_LOAD = 1;
export const PT_NOTE = 4;
const PN_XNUM = 0xffff;

export interface ElfHeader {
  is64: boolean;
  littleEndian: boolean;
  type: number;
  machine: number;
  entry: bigint;
  phoff: number;
  phentsize: number;
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
}

export interface SectionHeader {
  nameOffset: number;
  name: string;
  type: number;
  offset: number;
  size: number;
}

export interface ElfNote {
  name: string;
  type: number;
  desc: Buffer;
}

/** Reads integers with the file's byte order and word size. */
export class FieldReader {
  constructor(
    readonly buf: Buffer,
    readonly littleEndian: boolean,
    readonly is64: boolean,
  ) {}
  u16(at: number): number {
    this.check(at, 2);
    return this.littleEndian ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.littleEndian ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
  }
  i32(at: number): number {
    this.check(at, 4);
    return this.littleEndian ? this.buf.readInt32LE(at) : this.buf.readInt32BE(at);
  }
  i16(at: number): number {
    this.check(at, 2);
    return this.littleEndian ? this.buf.readInt16LE(at) : this.buf.readInt16BE(at);
  }
  u64(at: number): bigint {
    this.check(at, 8);
    return this.littleEndian ? this.buf.readBigUInt64LE(at) : this.buf.readBigUInt64BE(at);
  }
  /** A native word (unsigned long / address): 4 or 8 bytes. */
  word(at: number): bigint {
    return this.is64 ? this.u64(at) : BigInt(this.u32(at));
  }
  get wordSize(): number {
    return this.is64 ? 8 : 4;
  }
  cstring(at: number, max: number): string {
    const end = Math.min(this.buf.length, at + max);
    let stop = at;
    while (stop < end && this.buf[stop] !== 0) stop++;
    return this.buf.toString('utf8', at, stop);
  }
  private check(at: number, size: number): void {
    if (at < 0 || at + size > this.buf.length) throw new ElfFormatError('truncated', 'A structure runs past the end of its data.');
  }
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfFormatError('malformed', `The ${what} is out of range.`);
  return Number(value);
}

/** Pure: the ELF identification and header from the first 64 bytes (fewer is an error). */
export function parseElfHeader(buf: Buffer): ElfHeader {
  if (buf.length < 4 || buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46) {
    throw new ElfFormatError('not-elf', 'The file does not start with the ELF signature.');
  }
  if (buf.length < 52) throw new ElfFormatError('truncated', 'The file ends inside the ELF header.');
  const elfClass = buf[4];
  const data = buf[5];
  if ((elfClass !== 1 && elfClass !== 2) || (data !== 1 && data !== 2)) {
    throw new ElfFormatError('unsupported', 'The ELF class or byte order is not one Triage knows.');
  }
  const is64 = elfClass === 2;
  if (is64 && buf.length < 64) throw new ElfFormatError('truncated', 'The file ends inside the ELF header.');
  const f = new FieldReader(buf, data === 1, is64);
  const type = f.u16(16);
  const machine = f.u16(18);
  if (is64) {
    return {
      is64, littleEndian: f.littleEndian, type, machine, entry: f.u64(24),
      phoff: toSafeNumber(f.u64(32), 'program header offset'), shoff: toSafeNumber(f.u64(40), 'section header offset'),
      phentsize: f.u16(54), phnum: f.u16(56), shentsize: f.u16(58), shnum: f.u16(60), shstrndx: f.u16(62),
    };
  }
  return {
    is64, littleEndian: f.littleEndian, type, machine, entry: BigInt(f.u32(24)),
    phoff: f.u32(28), shoff: f.u32(32),
    phentsize: f.u16(42), phnum: f.u16(44), shentsize: f.u16(46), shnum: f.u16(48), shstrndx: f.u16(50),
  };
}

/** Pure: one program header at `at` in `buf`. */
export function parseProgramHeader(f: FieldReader, at: number): ProgramHeader {
  if (f.is64) {
    return {
      type: f.u32(at), flags: f.u32(at + 4), offset: toSafeNumber(f.u64(at + 8), 'segment offset'),
      vaddr: f.u64(at + 16), filesz: toSafeNumber(f.u64(at + 32), 'segment size'),
      memsz: toSafeNumber(f.u64(at + 40), 'segment size'),
    };
  }
  return {
    type: f.u32(at), offset: f.u32(at + 4), vaddr: BigInt(f.u32(at + 8)), filesz: f.u32(at + 16),
    memsz: f.u32(at + 20), flags: f.u32(at + 24),
  };
}

function parseSectionHeader(f: FieldReader, at: number): Omit<SectionHeader, 'name'> {
  if (f.is64) {
    return {
      nameOffset: f.u32(at), type: f.u32(at + 4), offset: toSafeNumber(f.u64(at + 24), 'section offset'),
      size: toSafeNumber(f.u64(at + 32), 'section size'),
    };
  }
  return { nameOffset: f.u32(at), type: f.u32(at + 4), offset: f.u32(at + 16), size: f.u32(at + 20) };
}

/** Pure: walks a note segment (4-byte aligned names and descriptors, as Linux writes them). */
export function parseNotes(buf: Buffer, littleEndian: boolean): ElfNote[] {
  const f = new FieldReader(buf, littleEndian, false);
  const notes: ElfNote[] = [];
  let at = 0;
  while (at + 12 <= buf.length) {
    const namesz = f.u32(at);
    const descsz = f.u32(at + 4);
    const type = f.u32(at + 8);
    const nameAt = at + 12;
    const descAt = nameAt + align4(namesz);
    const end = descAt + align4(descsz);
    if (descAt + descsz > buf.length) throw new ElfFormatError('truncated', 'A note runs past the end of its segment.');
    const name = buf.toString('latin1', nameAt, nameAt + Math.max(0, namesz - 1)).replace(/\0+$/, '');
    notes.push({ name, type, desc: buf.subarray(descAt, descAt + descsz) });
    at = end;
  }
  return notes;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

async function readExactly(src: ByteSource, offset: number, length: number, what: string): Promise<Buffer> {
  if (offset + length > src.size) throw new ElfFormatError('truncated', `The file ends before its ${what}.`);
  const buf = await src.read(offset, length);
  if (buf.length < length) throw new ElfFormatError('truncated', `The file ends before its ${what}.`);
  return buf;
}

export async function readElfHeader(src: ByteSource): Promise<ElfHeader> {
  return parseElfHeader(await src.read(0, 64));
}

/** Reads every program header; handles PN_XNUM (more than 65534 segments, as in big cores). */
export async function readProgramHeaders(src: ByteSource, h: ElfHeader, maxCount = 1_000_000): Promise<ProgramHeader[]> {
  let count = h.phnum;
  if (count === PN_XNUM) {
    if (h.shoff === 0) throw new ElfFormatError('malformed', 'The segment count is stored in a missing section header.');
    const sh0 = await readExactly(src, h.shoff, h.is64 ? 64 : 40, 'section headers');
    count = new FieldReader(sh0, h.littleEndian, h.is64).u32(h.is64 ? 44 : 28);
  }
  if (count === 0) return [];
  const entSize = h.is64 ? 56 : 32;
  if (h.phentsize < entSize) throw new ElfFormatError('malformed', 'The program header size is wrong.');
  if (count > maxCount) throw new ElfFormatError('malformed', 'The file claims an absurd number of segments.');
  const buf = await readExactly(src, h.phoff, count * h.phentsize, 'program headers');
  const f = new FieldReader(buf, h.littleEndian, h.is64);
  const out: ProgramHeader[] = [];
  for (let i = 0; i < count; i++) out.push(parseProgramHeader(f, i * h.phentsize));
  return out;
}

/** Reads section headers with their names (executables; cores normally have none). */
export async function readSectionHeaders(src: ByteSource, h: ElfHeader): Promise<SectionHeader[]> {
  if (h.shoff === 0 || h.shnum === 0 || h.shnum > 65_535) return [];
  const entSize = h.is64 ? 64 : 40;
  if (h.shentsize < entSize) return [];
  const buf = await readExactly(src, h.shoff, h.shnum * h.shentsize, 'section headers');
  const f = new FieldReader(buf, h.littleEndian, h.is64);
  const raw = Array.from({ length: h.shnum }, (_v, i) => parseSectionHeader(f, i * h.shentsize));
  const strtab = raw[h.shstrndx];
  let names: Buffer = Buffer.alloc(0);
  if (strtab && strtab.size > 0 && strtab.size <= 16 * 1024 * 1024) {
    names = await readExactly(src, strtab.offset, strtab.size, 'section names');
  }
  const namer = new FieldReader(names, h.littleEndian, h.is64);
  return raw.map((s) => ({ ...s, name: s.nameOffset < names.length ? namer.cstring(s.nameOffset, 256) : '' }));
}

/** The GNU build-id in a list of notes, as lowercase hex. */
export function findBuildId(notes: readonly ElfNote[]): string | null {
  const note = notes.find((n) => n.name === 'GNU' && n.type === 3 && n.desc.length > 0 && n.desc.length <= 64);
  return note ? note.desc.toString('hex') : null;
}
