import { TriageError } from '../../contract/errors.js';
import { SocketState } from '../../contract/netfiles.js';
import { DEFAULT_ROWS, formatConnections, formatListening } from '../format/netfiles.js';
import { parsePid } from '../args.js';
import { defineCommand } from '../define-command.js';

export const net = defineCommand({
  name: 'net',
  help: `Usage: triage net [--listen] [--state STATE] [--pid PID] [--unix] [--all] [--json]

List TCP and UDP sockets (IPv4 and IPv6): first a summary by state and by process, then the sockets
themselves (the first ${DEFAULT_ROWS}, most telling states first). Whether that is wrong (connections stuck
in CLOSE_WAIT, unanswered connection attempts, TIME_WAIT storms, full queues) takes watching over time:
triage doctor --duration 30s judges it, with the thresholds triage thresholds lists.

  --listen        only what listens: port, protocol, and whether it is reachable from this machine only or from every interface
  --state STATE   only sockets in STATE (ESTABLISHED, CLOSE_WAIT, TIME_WAIT, SYN_SENT, LISTEN, UNCONN…)
  --pid PID       only the sockets of process PID
  --unix          include Unix sockets
  --all           print every socket, not only the first ${DEFAULT_ROWS}
  --json          print the result as JSON: the same object the UI receives`,
  options: {
    listen: { type: 'boolean' },
    state: { type: 'string' },
    pid: { type: 'string' },
    unix: { type: 'boolean' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": triage net takes only options.' },
  async run({ values }, { client: open }) {
    let state: SocketState | undefined;
    if (values.state !== undefined) {
      const parsed = SocketState.safeParse(values.state.toUpperCase());
      if (!parsed.success) throw new TriageError('INVALID_INPUT', `"${values.state}" is not a socket state (examples: ESTABLISHED, CLOSE_WAIT, LISTEN).`);
      state = parsed.data;
    }
    const pid = values.pid === undefined ? undefined : parsePid(values.pid);
    const client = open();
    if (values.listen) {
      const result = await client.call('net.listening', {});
      const ports = pid === undefined ? result.ports : result.ports.filter((p) => p.owners.some((o) => o.pid === pid));
      const shown = { ...result, ports };
      process.stdout.write(values.json ? `${JSON.stringify(shown, null, 2)}\n` : formatListening(shown));
      return 0;
    }
    const result = await client.call('net.connections', { pid, state, includeUnix: values.unix ?? false });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatConnections(result, { all: values.all ?? false }));
    return 0;
  },
});
