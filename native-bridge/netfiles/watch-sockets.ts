import { TriageError } from '../contract/errors.js';
import { borrowProcBytes } from '../procfs/read.js';
import { parseOwnableInetSocketBytes, type InetSocket, type InetTable } from './parse-inet-sockets.js';
import { parseDiagRecords, SockDiagClosed, SockDiagHelper, statesExcept } from './sock-diag.js';
import { readTimewaitCount } from './sockstat.js';

const TCP_TIME_WAIT = 6;
const TABLES: readonly InetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/** One tick's sockets for the live view. */
export interface WatchSocketTable {
  /** Every socket that may have an owner: all of /proc/net/{tcp,udp}{,6} but TCP's TIME_WAIT. */
  sockets: InetSocket[];
  /** TCP sockets in TIME_WAIT: counted, never listed (each belongs to the kernel, not to a process). */
  timeWait: number;
  /** Which way they were read (the bench and the tests say). */
  via: 'sock_diag' | 'proc';
}

export interface WatchSocketReaderOptions {
  procRoot: string;
  /** Path of the sock_diag helper (sock-diag.ts); null: read /proc/net/tcp* and skip TIME_WAIT lines there. */
  helper: string | null;
  /** Said once, when the helper fails and the reader goes on from /proc for good. */
  onFallback?: (error: Error) => void;
}

/**
 * The live view's socket reader. The kernel prints every socket into /proc/net/tcp*, the tens of thousands
 * of TIME_WAIT sockets a load test leaves included: tens of ms of CPU each second to print and as much to
 * read, for sockets no process owns. With the helper, the kernel filters instead: one sock_diag dump of
 * every state but TIME_WAIT, and the TIME_WAIT count from the kernel's own counter (/proc/net/sockstat),
 * less the timewait sockets the dump listed under FIN_WAIT2. Without it, /proc is read and each TIME_WAIT
 * line is counted at its state column and skipped. UDP, with no TIME_WAIT, is read from /proc either way.
 */
export function createWatchSocketReader(options: WatchSocketReaderOptions) {
  const { procRoot } = options;
  let helper = options.helper ? new SockDiagHelper(options.helper) : null;

  function readUdp(out: InetSocket[]): void {
    for (const table of ['udp', 'udp6'] as const) {
      const read = borrowProcBytes(`${procRoot}/net/${table}`);
      if (read.ok) parseOwnableInetSocketBytes(read.bytes, read.bytes.length, table, out);
    }
  }

  function readProc(): WatchSocketTable {
    const sockets: InetSocket[] = [];
    let timeWait = 0;
    let found = 0;
    for (const table of TABLES) {
      const read = borrowProcBytes(`${procRoot}/net/${table}`);
      if (!read.ok) continue;
      found++;
      timeWait += parseOwnableInetSocketBytes(read.bytes, read.bytes.length, table, sockets);
    }
    if (found === 0) throw new TriageError('UNSUPPORTED', 'This system has no /proc/net socket tables, so Triage cannot list connections here.');
    return { sockets, timeWait, via: 'proc' };
  }

  async function readDiag(h: SockDiagHelper): Promise<WatchSocketTable> {
    const records = await h.dump(statesExcept(TCP_TIME_WAIT));
    // Read right after the dump: the two agree but for sockets that changed state in between (as a read of
    // /proc, which takes longer, does not see one instant either).
    const timewait = readTimewaitCount(procRoot);
    if (timewait === null) throw new Error(`${procRoot}/net/sockstat gives no TIME_WAIT count`);
    const table = parseDiagRecords(records);
    readUdp(table.sockets);
    return { sockets: table.sockets, timeWait: Math.max(0, timewait - table.timewaitSockets), via: 'sock_diag' };
  }

  return {
    async read(): Promise<WatchSocketTable> {
      if (helper) {
        try {
          return await readDiag(helper);
        } catch (error) {
          // Closed while it dumped: the watch stopped; the next read starts the helper again.
          if (error instanceof SockDiagClosed) throw error;
          helper.close();
          helper = null;
          options.onFallback?.(error instanceof Error ? error : new Error(String(error)));
        }
      }
      return readProc();
    },
    /** The helper's pid while it runs. */
    helperPid: (): number | undefined => helper?.pid(),
    /** Ends the helper (started again by the next read). */
    close(): void {
      helper?.close();
    },
  };
}
