import { readFileSync, statSync } from 'node:fs';
import type { AccessDenial } from '../contract/netfiles.js';

/** PF_KTHREAD in the flags field of /proc/PID/stat. */
const PF_KTHREAD = 0x0020_0000;

/** What the kernel weighs when it refuses to show one process's /proc files to another. */
export interface TargetFacts {
  name: string;
  kernelThread: boolean;
  /** Effective uid from /proc/PID/status, null when unreadable. */
  uid: number | null;
  /** CapPrm from /proc/PID/status. */
  permittedCaps: bigint | null;
  /** Owner of /proc/PID itself: root when the process made itself non-dumpable (setuid, prctl). */
  procDirUid: number | null;
}

export interface SelfFacts {
  euid: number;
  effectiveCaps: bigint | null;
}

function field(status: string, name: string): string | null {
  return new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(status)?.[1]?.trim() ?? null;
}

/** Pure: the facts from the text of /proc/PID/stat and /proc/PID/status. */
export function parseTargetFacts(stat: string | null, status: string | null, procDirUid: number | null): TargetFacts {
  const close = stat?.lastIndexOf(')') ?? -1;
  const name = stat && close > 0 ? stat.slice(stat.indexOf('(') + 1, close) : (status ? field(status, 'Name') : null) ?? '?';
  const flags = stat && close > 0 ? Number(stat.slice(close + 2).split(' ')[6]) : 0;
  const uids = status ? field(status, 'Uid')?.split(/\s+/) : undefined;
  const caps = status ? field(status, 'CapPrm') : null;
  return {
    name,
    kernelThread: Number.isFinite(flags) && (flags & PF_KTHREAD) !== 0,
    uid: uids?.[1] !== undefined ? Number(uids[1]) : null,
    permittedCaps: caps && /^[0-9a-f]+$/i.test(caps) ? BigInt(`0x${caps}`) : null,
    procDirUid,
  };
}

/**
 * Pure: why the kernel refused, in the order it checks. Root is never told to become root: it is told
 * what stopped it.
 */
export function classifyDenial(target: TargetFacts, self: SelfFacts, pid: number, what: string): AccessDenial {
  const who = `${target.name} (pid ${pid})`;
  if (target.kernelThread) {
    return { reason: 'kernel-thread', sentence: `${who} is a kernel thread: it runs inside the kernel and has no ${what} of its own to show.` };
  }
  if (self.euid !== 0 && target.uid !== null && target.uid !== self.euid) {
    return {
      reason: 'another-user',
      sentence: `${who} belongs to another user, so Linux does not show its ${what}; run Triage with administrator rights (pkexec or sudo) to see them.`,
    };
  }
  if (target.permittedCaps !== null && self.effectiveCaps !== null && (target.permittedCaps & ~self.effectiveCaps) !== 0n) {
    return {
      reason: 'more-privileged',
      sentence: `${who} holds privileges (capabilities) that Triage does not have${self.euid === 0 ? ', even as root' : ''}, so the kernel does not show its ${what}. This is usual for the init of a container or VM.`,
    };
  }
  if (self.euid !== 0 && target.procDirUid === 0) {
    return {
      reason: 'more-privileged',
      sentence: `${who} runs with raised privileges (a setuid program, or it marked itself private), so only root may see its ${what}.`,
    };
  }
  return {
    reason: 'security-module',
    sentence: `A security module (Yama, AppArmor or SELinux) refused to show the ${what} of ${who}${self.euid === 0 ? ', even to root' : ''}.`,
  };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function ownCaps(procRoot: string): bigint | null {
  const caps = field(readOrNull(`${procRoot}/self/status`) ?? '', 'CapEff');
  return caps && /^[0-9a-f]+$/i.test(caps) ? BigInt(`0x${caps}`) : null;
}

/** Why reading `what` ("open files") of `pid` was refused, from what /proc still shows about it. */
export function explainDenial(procRoot: string, pid: number, what: string): AccessDenial {
  let procDirUid: number | null = null;
  try {
    procDirUid = statSync(`${procRoot}/${pid}`).uid;
  } catch {
    // gone; the caller reports that
  }
  const target = parseTargetFacts(readOrNull(`${procRoot}/${pid}/stat`), readOrNull(`${procRoot}/${pid}/status`), procDirUid);
  return classifyDenial(target, { euid: process.geteuid?.() ?? -1, effectiveCaps: ownCaps(procRoot) }, pid, what);
}
