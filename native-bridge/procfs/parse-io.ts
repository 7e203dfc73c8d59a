/** /proc/PID/io counters, bytes. read_bytes/write_bytes are what reached storage; rchar/wchar include cache hits. */
export interface IoFields {
  readBytes: number;
  writeBytes: number;
  rchar: number;
  wchar: number;
}

export function parseIo(text: string): IoFields | null {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) values.set(line.slice(0, colon), Number(line.slice(colon + 1)));
  }
  const readBytes = values.get('read_bytes');
  const writeBytes = values.get('write_bytes');
  if (readBytes === undefined || writeBytes === undefined || !Number.isFinite(readBytes) || !Number.isFinite(writeBytes)) {
    return null;
  }
  return { readBytes, writeBytes, rchar: values.get('rchar') ?? 0, wchar: values.get('wchar') ?? 0 };
}
