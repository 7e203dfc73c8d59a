import type { CoreLimit, CoreStatus } from '../contract/core.js';
import { describeFileName, parseCorePattern, type ParsedCorePattern } from './core-pattern.js';
import { describeLimit } from './limits.js';

export interface StatusFacts {
  corePattern: string;
  usesPid: boolean;
  /** Triage's own limit, which programs it starts inherit. */
  limit: CoreLimit;
  pidLimit: { pid: number; soft: number | null; hard: number | null } | null;
  /** Whether prlimit was found (needed for "run with crash capture"). */
  prlimitAvailable: boolean;
}

const LIMITS_CONF_HINT =
  'The hard limit is 0, so only root can raise it: add "* hard core unlimited" to /etc/security/limits.conf (or LimitCORE=infinity for a systemd service) and log in again.';

/** Pure: turns kernel settings and limits into the plain-words status the UI and CLI show. */
export function describeCoreStatus(facts: StatusFacts): CoreStatus {
  const parsed = parseCorePattern(facts.corePattern, facts.usesPid);
  const effective = facts.pidLimit ?? facts.limit;
  const fileName = describeFileName(parsed);
  const hardZero = facts.limit.hard === 0;
  const who = facts.pidLimit ? `process ${facts.pidLimit.pid}` : 'programs started from here';

  const verdict = handlerVerdict(parsed, who, effective.soft, fileName, hardZero ? LIMITS_CONF_HINT : null);
  const { willDump, where, note } = verdict;
  let summary = verdict.summary;
  if (facts.pidLimit && facts.pidLimit.soft === 0 && parsed.handler !== 'none') {
    summary += ` Process ${facts.pidLimit.pid} has its core limit at 0 and will not leave a core.`;
  }

  return {
    pattern: parsed.pattern,
    handler: parsed.handler,
    pipeProgram: parsed.pipeProgram,
    usesPid: facts.usesPid,
    relative: parsed.relative,
    directory: parsed.handler === 'file' && !parsed.relative ? parsed.directory : null,
    fileName,
    limit: facts.limit,
    pidLimit: facts.pidLimit,
    willDump,
    summary,
    where,
    howToEnable: {
      forOneProgram: hardZero
        ? 'Not possible from Triage: the hard core limit is 0.'
        : 'Use "Run with crash capture": Triage starts the program with the core limit raised for that program only.',
      forSession: 'ulimit -c unlimited',
      note,
    },
    launchUnavailable: facts.prlimitAvailable ? null : 'prlimit is not installed. Install it with: sudo apt-get install util-linux',
  };
}

interface HandlerVerdict {
  willDump: CoreStatus['willDump'];
  where: string;
  summary: string;
  note: string | null;
}

/** Where the kernel's handler puts a core, and whether one is kept at this core size limit. */
function handlerVerdict(parsed: ParsedCorePattern, who: string, softLimit: number | null, fileName: string | null, note: string | null): HandlerVerdict {
  const limitOff = softLimit === 0;
  switch (parsed.handler) {
    case 'none':
      return {
        willDump: 'no',
        where: 'Nowhere: core_pattern is empty.',
        summary: 'Core dumps are off for every program: the kernel setting core_pattern is empty.',
        note: 'Set a pattern as root, for example: sysctl kernel.core_pattern=core',
      };
    case 'file': {
      const folder = parsed.relative
        ? parsed.directory === '.'
          ? "the crashing program's working folder"
          : `the folder ${parsed.directory} under the crashing program's working folder`
        : `the folder ${parsed.directory}`;
      return {
        where: `In ${folder}, named ${fileName ?? 'core'}.`,
        willDump: limitOff ? 'no' : 'yes',
        summary: limitOff
          ? `Core dumps are off for ${who}: the core size limit is 0. With the limit raised, the kernel writes them to ${folder}.`
          : `A crash of ${who} leaves a core file in ${folder} (limit: ${describeLimit(softLimit)}).`,
        note: !limitOff && parsed.relative ? joinNotes(note, 'The program needs write access to its working folder, or no core is written.') : note,
      };
    }
    case 'systemd-coredump':
      return {
        where: 'Collected by systemd-coredump: stored compressed in /var/lib/systemd/coredump and listed by "coredumpctl list".',
        willDump: limitOff ? 'no' : 'yes',
        summary: limitOff
          ? `systemd-coredump collects crashes, but the core size limit of ${who} is 0, so it only logs them without keeping a core.`
          : `A crash of ${who} is collected by systemd-coredump; Triage lists it from coredumpctl.`,
        note: joinNotes(note, 'Storage and size caps are set in /etc/systemd/coredump.conf.'),
      };
    case 'apport':
      return {
        where: 'Handed to apport: reports go to /var/crash; a core file is also written to the working folder when the limit allows.',
        willDump: limitOff ? 'no' : 'depends',
        summary: limitOff
          ? `Crashes go to apport, and the core size limit of ${who} is 0, so no core file is kept.`
          : `Crashes go to apport, which decides what to keep (by default only for packaged programs, in /var/crash).`,
        note: joinNotes(note, 'apport is switched on or off in /etc/default/apport.'),
      };
    default:
      return {
        where: `Handed to the program ${parsed.pipeProgram ?? '(unknown)'}, which decides where it goes.`,
        willDump: 'depends',
        summary: `Crashes are piped to ${parsed.pipeProgram ?? 'a program'}; whether a core is kept is up to that program.`,
        note,
      };
  }
}

function joinNotes(a: string | null, b: string): string {
  return a ? `${a} ${b}` : b;
}
