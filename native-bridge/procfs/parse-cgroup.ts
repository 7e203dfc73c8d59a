/** The process's cgroup path (v2 unified line "0::/path", else the first v1 line's path). */
export function parseCgroup(text: string): string | null {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const unified = lines.find((l) => l.startsWith('0::'));
  const line = unified ?? lines[0];
  if (!line) return null;
  const second = line.indexOf(':', line.indexOf(':') + 1);
  return second < 0 ? null : line.slice(second + 1);
}

export interface ContainerGuess {
  runtime: string;
  id: string;
}

const patterns: ReadonlyArray<[RegExp, string]> = [
  [/\/kubepods[^/]*\/.*?(?:cri-containerd-|crio-|docker-)?([0-9a-f]{64})/, 'kubernetes'],
  [/docker-([0-9a-f]{64})\.scope/, 'docker'],
  [/\/docker\/([0-9a-f]{64})/, 'docker'],
  [/libpod-([0-9a-f]{64})\.scope/, 'podman'],
  [/cri-containerd-([0-9a-f]{64})\.scope/, 'containerd'],
  [/lxc\.payload\.([^/]+)/, 'lxc'],
  [/\/lxc\/([^/]+)/, 'lxc'],
  [/machine-([^/]+)\.scope/, 'systemd-machine'],
];

/** A guess from the cgroup path; ids are shortened to 12 characters as `docker ps` shows them. */
export function guessContainer(cgroup: string | null): ContainerGuess | null {
  if (!cgroup) return null;
  for (const [re, runtime] of patterns) {
    const m = cgroup.match(re);
    if (m?.[1]) return { runtime, id: /^[0-9a-f]{64}$/.test(m[1]) ? m[1].slice(0, 12) : m[1] };
  }
  return null;
}

/** The innermost systemd unit (…service or …scope) in the cgroup path. */
export function systemdUnit(cgroup: string | null): string | null {
  if (!cgroup) return null;
  const parts = cgroup.split('/').filter((p) => /\.(service|scope)$/.test(p));
  return parts.at(-1) ?? null;
}
