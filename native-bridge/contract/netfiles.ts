import * as z from 'zod';
import { method, stream } from './define.js';
import { Pid, StartTime } from './processes.js';

/** TCP states as the kernel names them; UDP sockets are UNCONN (bound, no peer) or ESTABLISHED (connected). */
export const SOCKET_STATES = [
  'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK',
  'LISTEN', 'CLOSING', 'NEW_SYN_RECV', 'UNCONN', 'CONNECTING', 'CONNECTED', 'DISCONNECTING', 'UNKNOWN',
] as const;
export const SocketState = z.enum(SOCKET_STATES);
export type SocketState = z.infer<typeof SocketState>;

/** A process that holds a socket or file: identity (pid + start time) plus what a person reads. */
export const Holder = z.lazy(() => z.object({
  pid: Pid,
  startTime: StartTime,
  name: z.string(),
  user: z.string(),
  /** The descriptor numbers this process holds it under. */
  fds: z.array(z.number().int().nonnegative()),
}));
export type Holder = z.infer<typeof Holder>;

/**
 * found: owners listed. unreadable: no visible owner while some processes' descriptors could not be read,
 * so it most likely belongs to one of them. none: no process holds it (TIME_WAIT and half-open handshakes
 * belong to the kernel) or its owner lives outside Triage's view of the machine (another pid namespace).
 */
export const OwnerStatus = z.enum(['found', 'unreadable', 'none']);
export type OwnerStatus = z.infer<typeof OwnerStatus>;

export const Connection = z.lazy(() => z.object({
  protocol: z.enum(['tcp', 'udp', 'unix']),
  family: z.enum(['ipv4', 'ipv6', 'unix']),
  /** IP text (IPv6 compressed, `::ffff:1.2.3.4` for mapped) or, for Unix sockets, the path ('@name' abstract, '' unnamed). */
  localAddress: z.string(),
  /** null for Unix sockets. */
  localPort: z.number().int().nonnegative().nullable(),
  remoteAddress: z.string(),
  remotePort: z.number().int().nonnegative().nullable(),
  state: SocketState,
  /** Bytes not yet acknowledged by the peer (TCP) or queued to send. */
  sendQueue: z.number().nonnegative(),
  /** Bytes received and not yet read by the program; for LISTEN, connections waiting to be accepted. */
  receiveQueue: z.number().nonnegative(),
  uid: z.number().int().nonnegative().nullable(),
  /** 0 when no process holds the socket (TIME_WAIT). */
  inode: z.number().int().nonnegative(),
  owners: z.array(Holder),
  ownerStatus: OwnerStatus,
}));
export type Connection = z.infer<typeof Connection>;

/** Descriptors Triage could not read: counted and said, never dropped. */
export const Unreadable = z.lazy(() => z.object({
  processes: z.number().int().nonnegative(),
  /** Sockets (or files) with no visible owner while some processes were unreadable. */
  items: z.number().int().nonnegative(),
  /** One sentence for the user (with the way to see them), or null when everything was readable. */
  sentence: z.string().nullable(),
}));
export type Unreadable = z.infer<typeof Unreadable>;

/**
 * Why a read of another process's files was refused. A read has three answers, never two: what was read
 * (maybe empty), "not allowed, because …", or "the process is gone".
 */
export const DenialReason = z.enum(['another-user', 'kernel-thread', 'more-privileged', 'security-module']);
export type DenialReason = z.infer<typeof DenialReason>;
export const AccessDenial = z.object({ reason: DenialReason, sentence: z.string() });
export type AccessDenial = z.infer<typeof AccessDenial>;

export const ConnectionsInput = z
  .object({
    pid: Pid.optional(),
    state: SocketState.optional(),
    includeUnix: z.boolean().optional(),
  })
  .strict();
export const ConnectionsResult = z.lazy(() => z.object({
  time: z.number(),
  connections: z.array(Connection),
  /** Sockets per state over every connection read (before the pid/state filter). */
  totals: z.record(z.string(), z.number().int().nonnegative()),
  unreadable: Unreadable,
}));
export type ConnectionsResult = z.infer<typeof ConnectionsResult>;

export const ListenScope = z.enum(['loopback', 'all', 'specific']);
export const ListeningPort = z.lazy(() => z.object({
  protocol: z.enum(['tcp', 'udp']),
  family: z.enum(['ipv4', 'ipv6']),
  address: z.string(),
  port: z.number().int().nonnegative(),
  scope: ListenScope,
  /** "this machine only (loopback)", "every interface", "only on 192.168.1.5". */
  scopeWords: z.string(),
  /** TCP: connections waiting to be accepted. */
  waiting: z.number().int().nonnegative(),
  owners: z.array(Holder),
  ownerStatus: OwnerStatus,
}));
export type ListeningPort = z.infer<typeof ListeningPort>;
export const ListeningInput = z.lazy(() => z.object({ port: z.number().int().min(0).max(65535).optional() }).strict());
export const ListeningResult = z.lazy(() => z.object({ time: z.number(), ports: z.array(ListeningPort), unreadable: Unreadable }));
export type ListeningResult = z.infer<typeof ListeningResult>;

/** Socket findings are the findings engine's (contract/findings.ts); these are the disk views' own. */
export const FindingKind = z.enum(['deleted-files']);
export const Finding = z.lazy(() => z.object({
  kind: FindingKind,
  severity: z.enum(['info', 'warning', 'critical']),
  /** The process it is about; absent for machine-wide findings (TIME_WAIT storm, a disk). */
  pid: Pid.optional(),
  startTime: StartTime.optional(),
  name: z.string().optional(),
  count: z.number().nonnegative(),
  /** Whether the count rose over the samples the finding rests on. */
  growing: z.boolean(),
  sentence: z.string(),
  /** The same across ticks for the same rule and subject (a process, a listening socket, the machine). */
  id: z.string().optional(),
  /** When its condition began to hold (ms since the epoch); absent for a one-look snapshot. */
  since: z.number().optional(),
}));
export type Finding = z.infer<typeof Finding>;

export const ProcessStateCounts = z.lazy(() => z.object({
  pid: Pid,
  startTime: StartTime,
  name: z.string(),
  user: z.string(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
}));
export type ProcessStateCounts = z.infer<typeof ProcessStateCounts>;

export const StateTick = z.object({ time: z.number(), processes: z.array(ProcessStateCounts), totals: z.record(z.string(), z.number().int()) });
export type StateTick = z.infer<typeof StateTick>;

/** The watch ticks on the backend's one sampling clock (system.setInterval). */
export const NetWatchInput = z.lazy(() => z.object({}).strict());
export const NetWatchMessage = z.lazy(() => StateTick.extend({
  unreadable: Unreadable,
  /** New sockets whose owner is looked up on a later tick (the full descriptor walk is rate-limited). */
  pendingSockets: z.number().int().nonnegative(),
  /** Earlier ticks still in the ring, oldest first: only in the first message to each subscriber. */
  history: z.array(StateTick).optional(),
}));
export type NetWatchMessage = z.infer<typeof NetWatchMessage>;

export const InterfaceRates = z.lazy(() => z.object({
  name: z.string(),
  rxBytes: z.number().nonnegative(),
  txBytes: z.number().nonnegative(),
  rxBytesPerSec: z.number().nonnegative(),
  txBytesPerSec: z.number().nonnegative(),
}));
export type InterfaceRates = z.infer<typeof InterfaceRates>;
export const NamespaceMember = z.lazy(() => z.object({ pid: Pid, name: z.string() }));
export type NamespaceMember = z.infer<typeof NamespaceMember>;
/**
 * A network namespace other than Triage's own (a container, a sandbox, `unshare -n`): its interfaces carry
 * exactly the traffic of the processes inside it, so this is per-process traffic for those processes.
 */
export const NamespaceRates = z.lazy(() => z.object({
  /** The namespace's inode number, as in the /proc/PID/ns/net link `net:[ID]`. */
  id: z.number().int().nonnegative(),
  /** Processes Triage sees in it. */
  processes: z.number().int().positive(),
  /** Up to five of them, lowest pid first (the namespace's first process: its container init or sandbox parent). */
  members: z.array(NamespaceMember),
  /** Summed over its interfaces (loopback included: inside a namespace it is that namespace's own traffic). */
  rxBytesPerSec: z.number().nonnegative(),
  txBytesPerSec: z.number().nonnegative(),
  interfaces: z.array(InterfaceRates),
}));
export type NamespaceRates = z.infer<typeof NamespaceRates>;
export const InterfacesResult = z.lazy(() => z.object({
  time: z.number(),
  intervalMs: z.number().nonnegative(),
  /** Triage's own network namespace: the machine's, unless Triage itself runs in a container. */
  interfaces: z.array(InterfaceRates),
  /** Namespaces other than Triage's own, busiest first. */
  namespaces: z.array(NamespaceRates),
  /** Processes whose network namespace Triage may not inspect (other users' processes without root). */
  uninspectable: z.number().int().nonnegative(),
  /** What the rates are per: per namespace where processes have their own, per interface for the rest. */
  perProcessNote: z.string(),
}));
export type InterfacesResult = z.infer<typeof InterfacesResult>;

export const FileType = z.enum(['file', 'directory', 'socket', 'pipe', 'device', 'anon', 'memfd', 'other']);
export type FileType = z.infer<typeof FileType>;
export const OpenFile = z.lazy(() => z.object({
  fd: z.number().int().nonnegative(),
  type: FileType,
  /** The link text as the kernel shows it. */
  target: z.string(),
  /** The path without the " (deleted)" mark; null for sockets, pipes and anonymous inodes. */
  path: z.string().nullable(),
  deleted: z.boolean(),
  /** r, w or rw; null when /proc/PID/fdinfo could not be read. */
  mode: z.enum(['r', 'w', 'rw']).nullable(),
  position: z.number().nonnegative().nullable(),
  /** Socket or pipe inode (what connects the two ends). */
  inode: z.number().int().nonnegative().nullable(),
}));
export type OpenFile = z.infer<typeof OpenFile>;
export const OpenFilesInput = z.lazy(() => z.object({ pid: Pid, startTime: StartTime.optional() }).strict());
export const OpenFilesResult = z.lazy(() => z.object({
  pid: Pid,
  startTime: StartTime,
  name: z.string(),
  user: z.string(),
  files: z.array(OpenFile),
  countsByType: z.record(z.string(), z.number().int().nonnegative()),
  /**
   * Null when every descriptor was read. Otherwise why not, and how many descriptors exist that could not
   * be read (null when even their number was refused): `files` is then NOT the whole list.
   */
  unreadable: AccessDenial.extend({ descriptors: z.number().int().nonnegative().nullable() }).nullable(),
}));
export type OpenFilesResult = z.infer<typeof OpenFilesResult>;

export const FilesystemRef = z.lazy(() => z.object({ mountPoint: z.string(), fsType: z.string(), source: z.string() }));
export const DeletedFile = z.lazy(() => z.object({
  path: z.string(),
  sizeBytes: z.number().nonnegative(),
  /** Blocks the file really occupies (a sparse file occupies less than its size): what deleting frees. */
  allocatedBytes: z.number().nonnegative(),
  holders: z.array(Holder),
  filesystem: FilesystemRef.nullable(),
}));
export type DeletedFile = z.infer<typeof DeletedFile>;
export const RestartGain = z.lazy(() => z.object({
  pid: Pid,
  startTime: StartTime,
  name: z.string(),
  user: z.string(),
  /** Space freed by restarting this process alone (files no other process holds). */
  restartGainBytes: z.number().nonnegative(),
  files: z.number().int().nonnegative(),
  sentence: z.string(),
}));
export type RestartGain = z.infer<typeof RestartGain>;
export const DeletedFilesResult = z.lazy(() => z.object({
  time: z.number(),
  files: z.array(DeletedFile),
  byProcess: z.array(RestartGain),
  totalAllocatedBytes: z.number().nonnegative(),
  /** The one sentence about these files, made from `files` (CLI and UI print it, never their own). */
  summary: z.string(),
  findings: z.array(Finding),
  unreadable: Unreadable,
}));
export type DeletedFilesResult = z.infer<typeof DeletedFilesResult>;

export const Filesystem = z.lazy(() => z.object({
  mountPoint: z.string(),
  source: z.string(),
  fsType: z.string(),
  sizeBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  availableBytes: z.number().nonnegative(),
  /** As df computes it: used / (used + available to unprivileged users). */
  usedPercent: z.number().nonnegative(),
  inodesTotal: z.number().nonnegative(),
  inodesUsed: z.number().nonnegative(),
  /** null for filesystems without a fixed inode table (btrfs, some network filesystems). */
  inodesPercent: z.number().nonnegative().nullable(),
  /** Space held by deleted-but-open files on this filesystem. */
  deletedOpenBytes: z.number().nonnegative(),
}));
export type Filesystem = z.infer<typeof Filesystem>;
export const FilesystemsResult = z.lazy(() => z.object({ time: z.number(), filesystems: z.array(Filesystem), findings: z.array(Finding) }));
export type FilesystemsResult = z.infer<typeof FilesystemsResult>;

export const ProcessIo = z.lazy(() => z.object({
  pid: Pid,
  startTime: StartTime,
  name: z.string(),
  user: z.string(),
  /** read_bytes/write_bytes: what reached (or came from) the storage layer, as iotop shows. */
  readBytesPerSec: z.number().nonnegative(),
  writeBytesPerSec: z.number().nonnegative(),
  /** rchar/wchar: every read()/write(), including the page cache, pipes and sockets. */
  readCharsPerSec: z.number().nonnegative(),
  writeCharsPerSec: z.number().nonnegative(),
  readBytesTotal: z.number().nonnegative(),
  writeBytesTotal: z.number().nonnegative(),
}));
export type ProcessIo = z.infer<typeof ProcessIo>;
export const DiskIoInput = z
  .object({
    /** Wait this long for a second sample when there is no recent one (ms). */
    windowMs: z.number().int().min(100).max(10_000).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export const DiskIoResult = z.lazy(() => z.object({
  time: z.number(),
  intervalMs: z.number().nonnegative(),
  /** Ranked by read + write bytes per second; processes without I/O in the interval are left out. */
  processes: z.array(ProcessIo),
  unreadable: Unreadable,
}));
export type DiskIoResult = z.infer<typeof DiskIoResult>;

const Empty = z.lazy(() => z.object({}).strict());

export const netfilesContract = {
  'net.connections': method({ input: ConnectionsInput, output: ConnectionsResult }),
  'net.listening': method({ input: ListeningInput, output: ListeningResult }),
  'net.interfaces': method({ input: Empty, output: InterfacesResult }),
  'net.watch': stream({ input: NetWatchInput, message: NetWatchMessage }),
  'files.open': method({ input: OpenFilesInput, output: OpenFilesResult }),
  'files.deleted': method({ input: Empty, output: DeletedFilesResult }),
  'disk.filesystems': method({ input: Empty, output: FilesystemsResult }),
  'disk.io': method({ input: DiskIoInput, output: DiskIoResult }),
} as const;
