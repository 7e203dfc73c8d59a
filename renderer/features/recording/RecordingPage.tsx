import { useState, type ReactNode } from 'react';
import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_EXPORTER_ADDRESS, type RecordingStatus } from '../../../native-bridge/contract/recording.js';
import { useCanAct } from '../../client/index.js';
import { formatBytes, formatTimestamp } from '../../app/format.js';
import { formatSince, notRecordingReason } from './status-text.js';
import { useRecording, type Pending } from './store.js';
import './recording.css';
import { ErrorText } from '../../app/RetryError.js';

/** The status is re-read this often while the page is open (another recorder may start or stop). */
const REFRESH_MS = 10_000;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

function HistoryFacts({ status }: { status: RecordingStatus }) {
  const h = status.history;
  const who = h.recorder ? (h.recorder.self ? `this Triage (pid ${h.recorder.pid})` : `another Triage (pid ${h.recorder.pid})`) : null;
  return (
    <dl className="facts">
      <Row label="Recording" testId="recording-state">
        {h.paused ? `paused: ${h.paused}` : who ? `on, by ${who}${h.since === null ? '' : ` since ${formatSince(h.since)}`}` : `off: ${notRecordingReason(h)}`}
      </Row>
      <Row label="Stored" testId="recording-bytes">
        {h.bytes === null ? 'nothing yet' : formatBytes(h.bytes)} (at most {formatBytes(h.maxBytes)}, kept {h.retentionDays} days)
      </Row>
      <Row label="Database">
        <span className="mono">{h.path}</span>
      </Row>
      <Row label="Recorded">{h.oldest === null || h.newest === null ? 'nothing yet' : `${formatTimestamp(h.oldest)} – ${formatTimestamp(h.newest)}`}</Row>
      <Row label="At login" testId="recording-autostart">
        {status.autostart.installed ? (
          <>
            starts by itself: <span className="mono">{status.autostart.installed.path}</span>
          </>
        ) : (
          'not set up: the history has gaps while Triage is closed'
        )}
      </Row>
    </dl>
  );
}

/** What "Record always…" will write, shown before anything is written. */
function AutostartPlanView({ status }: { status: RecordingStatus }) {
  const plan = status.autostart.plan;
  if (!plan) return null;
  return (
    <div data-testid="recording-plan">
      <p>{plan.effect}</p>
      <dl className="facts">
        <Row label="File">
          <span className="mono">{plan.path}</span>
        </Row>
        <Row label="Runs">
          <span className="mono">{plan.argv.join(' ')}</span>
        </Row>
        <Row label="As user">
          {plan.runsAs.name} (uid {plan.runsAs.uid}){plan.runsAs.uid === 0 ? ' — as root: every file it runs was checked to be changeable by root only' : ''}
        </Row>
      </dl>
      <pre className="recording-file" aria-label={`The text of ${plan.path}`}>
        {plan.content}
      </pre>
    </div>
  );
}

function Confirm({ question, yes, children }: { question: string; yes: string; children?: ReactNode }) {
  const { busy, confirm, cancel } = useRecording(useShallow((s) => ({ busy: s.busy, confirm: s.confirm, cancel: s.cancel })));
  const canAct = useCanAct();
  return (
    <div className="recording-confirm card" role="group" aria-label={question} data-testid="recording-confirm">
      <h3>{question}</h3>
      {children}
      {!canAct ? <p className="error-box">The Triage backend is not connected, so nothing can be changed until it is back.</p> : null}
      <div className="recording-buttons">
        <button type="button" className="button primary" disabled={busy || !canAct} onClick={() => void confirm()} data-testid="recording-confirm-yes">
          {busy ? 'Working…' : yes}
        </button>
        <button type="button" className="button" disabled={busy} onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

const looksLoopback = (address: string): boolean => /^(127\.|\[::1\]:|localhost:)/.test(address.trim());

/** Whether metrics are served, where, and with which token file. */
function ExporterState({ exporter }: { exporter: RecordingStatus['exporter'] }) {
  return (
    <p data-testid="recording-exporter-state">
      {exporter.on ? (
        <>
          On: Prometheus scrapes <span className="mono" data-testid="recording-exporter-url">{exporter.url}</span>
          {exporter.tokenFile ? (
            <>
              {' '}
              with the bearer token from <span className="mono">{exporter.tokenFile}</span>
            </>
          ) : (
            ' (loopback only: no token needed, nothing outside this machine can reach it)'
          )}
        </>
      ) : (
        'Off.'
      )}
    </p>
  );
}

/** The confirmation of a pending exporter change: who can read what, once it is on. */
function ExporterConfirm({ pending, url }: { pending: Extract<Pending, { kind: 'exporter' }>; url: RecordingStatus['exporter']['url'] }) {
  return pending.choice.on ? (
    <Confirm question={`Serve metrics on ${pending.choice.address}?`} yes="Serve metrics">
      <p>
        {pending.choice.tokenFile
          ? `Anyone who can reach ${pending.choice.address} and sends the token from ${pending.choice.tokenFile} can read this machine's figures and process names.`
          : "Every program on this machine can read this machine's figures and process names there."}{' '}
        The choice is saved: Triage serves it again when it next starts.
      </p>
    </Confirm>
  ) : (
    <Confirm question="Stop serving metrics?" yes="Stop serving">
      <p>Prometheus will find nothing at {url} until you turn it on again.</p>
    </Confirm>
  );
}

function ExporterSection({ status, pending }: { status: RecordingStatus; pending: Pending | null }) {
  const exporter = status.exporter;
  const ask = useRecording((s) => s.ask);
  const [address, setAddress] = useState(exporter.address ?? DEFAULT_EXPORTER_ADDRESS);
  const [tokenFile, setTokenFile] = useState(exporter.tokenFile ?? '');
  const beyondLoopback = !looksLoopback(address);
  const choice = { on: true as const, address: address.trim(), ...(tokenFile.trim() ? { tokenFile: tokenFile.trim() } : {}) };
  return (
    <section className="card recording-section" data-testid="recording-exporter">
      <h2>Prometheus metrics</h2>
      <p className="muted">
        Serves this machine's figures (CPU, memory, disks, network, the busiest processes by name and pid) on <span className="mono">/metrics</span> for Prometheus, from the
        samples Triage takes anyway, for as long as this Triage runs. The same as <span className="mono">triage record --metrics</span>.
      </p>
      {!exporter.available ? <p className="muted">This Triage cannot serve metrics.</p> : null}
      <ExporterState exporter={exporter} />
      <ErrorText error={exporter.problem} />
      <div className="recording-form">
        <label>
          Address
          <input type="text" value={address} onChange={(e) => setAddress(e.target.value)} spellCheck={false} data-testid="recording-exporter-address" />
        </label>
        {beyondLoopback || tokenFile ? (
          <label>
            Token file (absolute path; required beyond loopback)
            <input type="text" value={tokenFile} onChange={(e) => setTokenFile(e.target.value)} placeholder="/home/you/.config/triage/metrics-token" spellCheck={false} data-testid="recording-exporter-token" />
          </label>
        ) : null}
        <button type="button" className="button" disabled={!exporter.available || pending !== null} onClick={() => ask({ kind: 'exporter', choice })} data-testid="recording-exporter-on">
          {exporter.on ? 'Move it here…' : 'Serve metrics…'}
        </button>
        {exporter.on ? (
          <button type="button" className="button" disabled={pending !== null} onClick={() => ask({ kind: 'exporter', choice: { on: false } })} data-testid="recording-exporter-off">
            Stop serving…
          </button>
        ) : null}
      </div>
      {beyondLoopback ? (
        <p className="muted">
          Beyond loopback, other machines can reach it, so every scrape must send the token in the file (a file only you can read, for example made with{' '}
          <span className="mono">(umask 077; head -c 32 /dev/urandom | base64 &gt; FILE)</span>). The token itself is never shown or logged.
        </p>
      ) : null}
      {pending?.kind === 'exporter' ? <ExporterConfirm pending={pending} url={exporter.url} /> : null}
    </section>
  );
}

/** The history recording, and starting it at every login (or no longer). */
function HistorySection({ status, pending }: { status: RecordingStatus; pending: Pending | null }) {
  const ask = useRecording((state) => state.ask);
  return (
    <section className="card recording-section" data-testid="recording-history">
      <h2>History</h2>
      <p className="muted">
        While Triage runs it records this machine's samples, process table and events into its history, so the dashboard's 1 h · 24 h · 7 d can show the past. To keep
        recording while Triage is closed, let <span className="mono">triage record</span> start at login.
      </p>
      <HistoryFacts status={status} />
      <div className="recording-buttons">
        {status.autostart.installed ? (
          <button type="button" className="button" disabled={pending !== null} onClick={() => ask({ kind: 'uninstall' })} data-testid="recording-uninstall">
            Stop recording at login
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={pending !== null || status.autostart.plan === null || status.autostart.refused !== null}
            onClick={() => ask({ kind: 'install' })}
            data-testid="recording-install"
          >
            Record always…
          </button>
        )}
      </div>
      <ErrorText error={status.autostart.refused} testId="recording-refused" alert={false} />
      {pending?.kind === 'install' ? (
        <Confirm question="Start recording at every login?" yes="Write it">
          <AutostartPlanView status={status} />
        </Confirm>
      ) : null}
      {pending?.kind === 'uninstall' && status.autostart.installed ? (
        <Confirm question={`Remove ${status.autostart.installed.path}?`} yes="Remove it">
          <p>Recording will no longer start at login; the history recorded so far stays.</p>
        </Confirm>
      ) : null}
    </section>
  );
}

export function RecordingPage() {
  const s = useRecording(
    useShallow((state) => ({ status: state.status, statusError: state.statusError, pending: state.pending, result: state.result, error: state.error, load: state.load, ask: state.ask })),
  );
  const { load } = s;
  useVisibleInterval(load, REFRESH_MS);
  const status = s.status;
  return (
    <div className="page recording" data-testid="recording">
      <div className="page-head">
        <h1>Recording</h1>
        <button type="button" className="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorText error={s.statusError} />
      {!status ? (
        s.statusError ? null : <p className="muted">Reading the recording status…</p>
      ) : (
        <>
          <HistorySection status={status} pending={s.pending} />
          <ExporterSection status={status} pending={s.pending} />
        </>
      )}
      <ErrorText error={s.error} testId="recording-error" />
      {s.result ? (
        <div className="card recording-result" role="status" data-testid="recording-result">
          {s.result.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
