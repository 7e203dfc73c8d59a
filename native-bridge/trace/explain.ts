/**
 * Plain sentences for failing calls, written for a helpdesk person: what the program tried, and why
 * the kernel said no. Pure functions of the call's name, arguments and errno.
 */

/** Errors a person usually cares about first; lower rank sorts first. */
const RANK: Record<string, number> = {
  ENOENT: 0, EACCES: 0, EPERM: 0, ECONNREFUSED: 0, ETIMEDOUT: 0, EHOSTUNREACH: 0, ENETUNREACH: 0,
  EADDRINUSE: 0, ENOSPC: 0, EROFS: 0, ENOEXEC: 0, EDQUOT: 0,
  ECONNRESET: 1, EPIPE: 1, ENOTDIR: 1, EISDIR: 1, ELOOP: 1, EMFILE: 1, ENFILE: 1, ENOMEM: 1, ETXTBSY: 1,
  EEXIST: 1, EXDEV: 1, ENAMETOOLONG: 1, EBUSY: 1, ENOTEMPTY: 1, EADDRNOTAVAIL: 1, EAFNOSUPPORT: 2, EIO: 1,
  ENXIO: 2, ENODEV: 2, EBADF: 2, EINVAL: 2, EFAULT: 2, ENOTCONN: 3, ENOTSOCK: 3, EOPNOTSUPP: 3, ENOTSUP: 3,
  ENOSYS: 4, ENOTTY: 4, ESPIPE: 4, ENODATA: 4, ECHILD: 4, EINPROGRESS: 4, EALREADY: 4, EAGAIN: 4,
  EWOULDBLOCK: 4, EINTR: 4, ERESTARTSYS: 4, ERESTARTNOINTR: 4, ERESTARTNOHAND: 4, ERESTART_RESTARTBLOCK: 4,
  // DNS answers read from the reply (dns-answer.ts), not errnos: a name that does not exist is as telling as a refusal.
  NXDOMAIN: 0, SERVFAIL: 0, REFUSED: 1, NOTIMP: 1, FORMERR: 1,
};

/**
 * Failures of talking to another program or machine: a refused or timed-out connection, a name that does
 * not resolve. When one happened and nothing made up for it, it is why the program stopped, ahead of any
 * missing file it also probed for.
 */
const HEADLINE = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ECONNABORTED', 'EHOSTDOWN', 'ENETDOWN', 'NXDOMAIN', 'SERVFAIL', 'REFUSED']);

export function isHeadlineFailure(errno: string): boolean {
  return HEADLINE.has(errno);
}

export function errnoRank(errno: string): number {
  return RANK[errno] ?? 2;
}

/** Failures that are part of normal operation rather than a symptom. */
const BENIGN: Record<string, string> = {
  ENOTTY: 'a check whether output goes to a terminal',
  EAGAIN: 'a non-blocking call with nothing ready yet',
  EWOULDBLOCK: 'a non-blocking call with nothing ready yet',
  EINPROGRESS: 'a non-blocking connect that is still in progress',
  EALREADY: 'a non-blocking connect that is still in progress',
  EINTR: 'a wait interrupted by a signal',
  ERESTARTSYS: 'a wait interrupted by a signal (restarted)',
  ERESTARTNOINTR: 'a wait interrupted by a signal (restarted)',
  ERESTARTNOHAND: 'a wait interrupted by a signal (restarted)',
  ERESTART_RESTARTBLOCK: 'a sleep interrupted by a signal (restarted)',
  ESPIPE: 'a seek on a pipe or terminal',
  ECHILD: 'a wait with no child left',
  ENOSYS: 'a probe for a feature this kernel does not have',
  ENODATA: 'a probe for an extended attribute that is not set',
};

const LIBRARY_DIR = /^\/(usr\/)?(local\/)?lib(32|64|x32)?\//;

/** Why a failing call counts as noise, or null when it may matter. */
export function noiseReason(name: string, errno: string, target: string | null): string | null {
  if (target !== null) {
    if (target === '/etc/ld.so.preload' || target === '/etc/ld.so.cache') return 'the dynamic loader looking for libraries';
    if (LIBRARY_DIR.test(target) || target.includes('/glibc-hwcaps/') || /\/tls(\/|$)/.test(target)) {
      if (/\.so(\.|$)/.test(target) || /\/(tls|glibc-hwcaps|haswell|x86_64|avx512_1|i686|sse2)(\/|$)/.test(target) || name.includes('stat')) {
        return 'the dynamic loader looking for libraries';
      }
    }
    // libselinux probes for SELinux at start-up of ls, cp, sshd…: absent on most machines, never the problem.
    if (target === '/selinux' || target.startsWith('/sys/fs/selinux') || target.startsWith('/etc/selinux/')) {
      return 'a library checking whether SELinux is enabled';
    }
    if (/^\/usr\/(lib|share)\/locale\//.test(target) || target.startsWith('/usr/lib/x86_64-linux-gnu/gconv/')) {
      return 'looking for translations and character sets';
    }
    // glibc asks the name service cache daemon first on every user or host lookup; most machines have none.
    if ((target === '/var/run/nscd/socket' || target === '/run/nscd/socket') && (errno === 'ENOENT' || errno === 'ECONNREFUSED')) {
      return 'the C library checking for the name service cache daemon (nscd), which is rarely installed';
    }
  }
  if (name === 'ioctl' && errno === 'ENOTTY') return BENIGN.ENOTTY!;
  return BENIGN[errno] ?? null;
}

function hasFlag(args: readonly string[], flag: string): boolean {
  for (const a of args) if (a.includes(flag)) return true;
  return false;
}

const OPEN_CALLS = new Set(['open', 'openat', 'openat2', 'creat']);
const STAT_CALLS = new Set(['stat', 'lstat', 'newfstatat', 'fstatat', 'statx', 'stat64', 'lstat64', 'access', 'faccessat', 'faccessat2', 'readlink', 'readlinkat']);
const EXEC_CALLS = new Set(['execve', 'execveat']);
const CONNECT_CALLS = new Set(['connect', 'sendto', 'sendmsg']);

/** Home dotfiles and /etc files a program reads if they exist (~/.curlrc, /etc/gnutls/config). */
const OPTIONAL_FILE = /^(\/root|\/home\/[^/]+)\/\.|^\/etc\//;

/**
 * A plain read-only look for a settings file that is not there. Not noise (sometimes the file is the
 * answer), but less telling than a failure of something the program set out to do.
 */
export function isOptionalFileProbe(name: string, args: readonly string[], errno: string, target: string | null): boolean {
  if (errno !== 'ENOENT' || target === null || !OPTIONAL_FILE.test(target)) return false;
  if (STAT_CALLS.has(name)) return true;
  return OPEN_CALLS.has(name) && !hasFlag(args, 'O_DIRECTORY') && !hasFlag(args, 'O_CREAT') && !hasFlag(args, 'O_WRONLY') && !hasFlag(args, 'O_RDWR');
}

/** What a network row's results mean in words: "refused×1", "ok×2 timed out×1". */
const OUTCOME_WORDS: Record<string, string> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'reset',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ECONNABORTED: 'aborted',
  EACCES: 'not allowed',
  EPERM: 'not allowed',
  ENOENT: 'no such socket file',
  EADDRINUSE: 'address in use',
  EADDRNOTAVAIL: 'address not available',
  NXDOMAIN: 'no such domain',
  SERVFAIL: 'DNS server failure',
  REFUSED: 'DNS refused',
};

export function outcomeText(ok: number, errors: ReadonlyMap<string, number>, unseen: number): string {
  const parts = ok > 0 ? [`ok×${ok}`] : [];
  for (const [errno, n] of errors) parts.push(`${OUTCOME_WORDS[errno] ?? errno}×${n}`);
  // A non-blocking connect whose result never showed in the trace is not "ok": say we do not know.
  if (unseen > 0) parts.push(`outcome not seen×${unseen}`);
  return parts.join(' ');
}

/** The errnos whose sentence does not depend on the call: only on what it was aimed at (`what`). */
const FIXED_SENTENCES: Record<string, (what: string) => string> = {
  ECONNREFUSED: (what) => `it could not connect to ${what}: connection refused (nothing listens there)`,
  ETIMEDOUT: (what) => `it could not connect to ${what}: the connection timed out (the host is down or a firewall drops the packets)`,
  EHOSTUNREACH: (what) => `there is no route to the host ${what}`,
  ENETUNREACH: (what) => `the network for ${what} is unreachable (no route or the network is down)`,
  EADDRINUSE: (what) => `the address ${what} is already in use by another program`,
  EADDRNOTAVAIL: (what) => `the address ${what} does not belong to this machine`,
  ECONNRESET: (what) => `the other side (${what}) closed the connection abruptly`,
  ECONNABORTED: (what) => `the connection to ${what} was aborted`,
  EPIPE: () => 'it wrote to a pipe or connection that the other side had already closed',
  ENOSPC: () => 'the disk is full',
  EDQUOT: () => 'the disk quota for this user is used up',
  EROFS: () => 'it tried to write to a read-only file system',
  ENOTDIR: () => 'part of this path is a file where a directory was expected',
  EISDIR: () => 'this is a directory, but a file was expected',
  EEXIST: () => 'it tried to create this and it already exists',
  ELOOP: () => 'this path has too many symbolic links (a loop?)',
  ENAMETOOLONG: () => 'this path is too long',
  EMFILE: () => 'the program has too many open files (its limit, ulimit -n)',
  ENFILE: () => 'the whole system has too many open files',
  ENOMEM: () => 'the system could not give it more memory',
  ENOEXEC: () => 'this file is not a program this system can run (wrong format or architecture)',
  ETXTBSY: () => 'this program file is being written by someone else',
  EBUSY: () => 'this resource is busy',
  ENOTEMPTY: () => 'this directory is not empty',
  EXDEV: () => 'it tried to move this across file systems',
  EIO: () => 'a low-level input/output error happened (disk or device problem)',
  EBADF: () => 'it used a file descriptor that is not open',
  EINVAL: () => 'it passed an argument the system does not accept',
  ENXIO: () => 'the device is not there',
  ENODEV: () => 'the device is not there',
  ENOTCONN: () => 'the socket is not connected',
  EAFNOSUPPORT: () => 'this address family is not supported (for example IPv6 is off)',
};

/** One sentence, lower case, no full stop: "it looked for this directory and it does not exist". */
export function explainFailure(name: string, args: readonly string[], errno: string, target: string | null): string {
  const what = target ?? 'it';
  switch (errno) {
    case 'ENOENT':
      return missing(name, args);
    case 'EACCES':
      return notAllowed(name, args);
    case 'EPERM':
      return refused(name);
  }
  const fixed = Object.hasOwn(FIXED_SENTENCES, errno) ? FIXED_SENTENCES[errno] : undefined;
  if (fixed) return fixed(what);
  if (CONNECT_CALLS.has(name)) return `the call to ${what} failed with ${errno}`;
  const benign = BENIGN[errno];
  return benign ? `${benign} (harmless)` : `the ${name} call failed with ${errno}`;
}

/** How an open() call meant its file: a directory, a file to create, a file to write. */
function openIntent(name: string, args: readonly string[]): { isDirOpen: boolean; creating: boolean; writing: boolean } {
  const open = OPEN_CALLS.has(name);
  return {
    isDirOpen: open && hasFlag(args, 'O_DIRECTORY'),
    creating: open && (name === 'creat' || hasFlag(args, 'O_CREAT')),
    writing: open && (hasFlag(args, 'O_WRONLY') || hasFlag(args, 'O_RDWR')),
  };
}

/** ENOENT, in the words of what the call was after. */
function missing(name: string, args: readonly string[]): string {
  const { isDirOpen, creating } = openIntent(name, args);
  if (EXEC_CALLS.has(name)) return 'it tried to run this program and it does not exist';
  if (isDirOpen || name === 'chdir' || name === 'mkdir' || name === 'mkdirat' || name === 'rmdir') {
    return name === 'mkdir' || name === 'mkdirat'
      ? 'it tried to create this directory but the directory it goes in does not exist'
      : 'it looked for this directory and it does not exist';
  }
  if (creating) return 'it tried to create this file but the directory it goes in does not exist';
  if (name === 'connect') return 'it tried to connect to this socket file and it does not exist';
  if (STAT_CALLS.has(name)) return 'it checked whether this exists and it does not';
  if (name === 'unlink' || name === 'unlinkat' || name === 'rename' || name === 'renameat' || name === 'renameat2') {
    return 'it tried to remove or move this and it does not exist';
  }
  return 'it looked for this file and it does not exist';
}

/** EACCES: which permission it lacked. */
function notAllowed(name: string, args: readonly string[]): string {
  const { isDirOpen, creating, writing } = openIntent(name, args);
  if (EXEC_CALLS.has(name)) return 'it is not allowed to run this program (permissions or a noexec mount)';
  if (isDirOpen || name === 'chdir') return 'it is not allowed to open this directory (permissions)';
  if (creating || writing) return 'it is not allowed to write here (permissions)';
  if (name === 'connect') return 'it is not allowed to connect to this socket (permissions)';
  return 'it is not allowed to open this (permissions)';
}

/** EPERM: a privilege, not a file permission. */
function refused(name: string): string {
  if (name === 'bind') return 'it is not allowed to use this address (ports below 1024 need privileges)';
  if (name === 'kill' || name === 'tgkill') return 'it is not allowed to signal that process';
  return 'the system refused this operation for this user (missing privilege or a security policy)';
}
