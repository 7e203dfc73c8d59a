/** Fields of an apport .crash report that the crash list shows. */
export interface ApportReport {
  executable: string | null;
  commandLine: string | null;
  signal: number | null;
  pid: number | null;
  timeMs: number | null;
  hasCore: boolean;
}

/**
 * Pure: the "Key: value" header of an apport report (continuation lines start with a space). Only the
 * start of the file is needed: the base64 core comes last.
 */
export function parseApportReport(text: string): ApportReport {
  const fields = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith(' ')) {
      if (current) fields.set(current, `${fields.get(current) ?? ''}\n${line.slice(1)}`);
      continue;
    }
    const m = line.match(/^([A-Za-z][\w.-]*):\s?(.*)$/);
    if (!m) continue;
    current = m[1]!;
    fields.set(current, m[2]!);
  }
  const signal = fields.get('Signal');
  const date = fields.get('Date');
  const pid = (fields.get('ProcStatus') ?? '').match(/^Pid:\s*(\d+)/m);
  const time = date ? Date.parse(date) : NaN;
  return {
    executable: fields.get('ExecutablePath') ?? null,
    commandLine: fields.get('ProcCmdline') ?? null,
    signal: signal && /^\d+$/.test(signal) ? Number(signal) : null,
    pid: pid ? Number(pid[1]) : null,
    timeMs: Number.isNaN(time) ? null : time,
    hasCore: fields.has('CoreDump'),
  };
}
