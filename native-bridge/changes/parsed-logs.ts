import { statSync } from 'node:fs';
import type { ChangeEvent } from '../contract/changes.js';
import type { SourceRead } from './read-source.js';

/** What a file's content is known by without reading it: another inode, size, mtime or ctime (a chmod) reads it again. */
function signature(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch (error) {
    return `!${(error as NodeJS.ErrnoException).code ?? 'unknown'}`;
  }
}

/**
 * Package logs parsed once per content: a dashboard asks for the changes every 30 s, and dpkg.log is hundreds of
 * KB of lines dated in local time that rarely changed since. A parse is reused only while every file it read (the
 * log and the one rotated before it) stats the same; the stat comes first, so a file that changed during the read
 * is read again next time. Nothing downstream mutates an event, so the kept ones are shared.
 *
 * The kept events are a copy made once per parse: a parser's strings are V8 slices of the whole text (a line,
 * a package name), and one kept slice holds all of it (dpkg.log: ~430 KiB of a few thousand lines) for as long
 * as the backend runs. structuredClone writes every string anew, so the text is garbage once the parse ends.
 */
export class ParsedLogs {
  private readonly kept = new Map<string, { signature: string; read: SourceRead<ChangeEvent[]> }>();

  read(files: readonly string[], read: () => SourceRead<string>, parse: (text: string) => ChangeEvent[]): SourceRead<ChangeEvent[]> {
    const key = files.join('\n');
    const now = files.map(signature).join('\n');
    const kept = this.kept.get(key);
    if (kept?.signature === now) return kept.read;
    const text = read();
    const parsed: SourceRead<ChangeEvent[]> = text.status === 'read' ? { ...text, value: structuredClone(parse(text.value)) } : text;
    this.kept.set(key, { signature: now, read: parsed });
    return parsed;
  }
}
