import { readFileSync } from 'node:fs';
import type { TraceTool } from '../contract/trace.js';
import { TriageError } from '../contract/errors.js';
import { findExecutable } from '../pty/find-executable.js';

export interface ToolLocator {
  /** PATH to search (default: the backend's PATH). */
  pathEnv?: string;
  /** Fixed locations that win over PATH, e.g. for tests or a packaged build. */
  toolPaths?: Partial<Record<TraceTool, string>>;
  /** /etc/os-release text, to name the right package manager. */
  osRelease?: string;
}

/** The install command for a package on this distribution, from /etc/os-release (ID and ID_LIKE). */
export function installCommand(pkg: string, osRelease: string): string {
  const field = (key: string): string => osRelease.match(new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm'))?.[1]?.toLowerCase() ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  const has = (...names: string[]) => names.some((n) => ids.includes(n));
  if (has('debian', 'ubuntu')) return `sudo apt-get install ${pkg}`;
  if (has('fedora', 'rhel', 'centos')) return `sudo dnf install ${pkg}`;
  if (has('arch')) return `sudo pacman -S ${pkg}`;
  if (has('suse', 'opensuse')) return `sudo zypper install ${pkg}`;
  if (has('alpine')) return `sudo apk add ${pkg}`;
  return `sudo apt-get install ${pkg}`;
}

function readOsRelease(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** Absolute path of strace or ltrace, or TOOL_MISSING with the command that installs it. */
export function locateTool(tool: TraceTool, locator: ToolLocator = {}): string {
  const fixed = locator.toolPaths?.[tool];
  const found = fixed !== undefined ? findExecutable(fixed, undefined) : findExecutable(tool, locator.pathEnv ?? process.env.PATH);
  if (found) return found;
  const install = installCommand(tool, locator.osRelease ?? readOsRelease());
  throw new TriageError(
    'TOOL_MISSING',
    `${tool} is not installed, so Triage cannot trace programs${tool === 'ltrace' ? "' library calls" : ''}. Install it with: ${install}`,
    install,
  );
}
