import type { ReactNode } from 'react';
import type { AppInfo, Inventory } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatPercent } from '../../app/format.js';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

const orDash = (text: string): string => (text.trim() ? text : '—');

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="card about-section" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function SystemSection({ inventory }: { inventory: Inventory }) {
  const { os } = inventory;
  return (
    <Section title="System" testId="about-system">
      <dl className="facts">
        <Row label="Host name">{orDash(inventory.hostname)}</Row>
        <Row label="Operating system">{orDash(`${os.distro} ${os.release}`)}</Row>
        <Row label="Kernel">{orDash(os.kernel)}</Row>
        <Row label="Architecture">{orDash(os.arch)}</Row>
        <Row label="Platform">{orDash(os.platform)}</Row>
      </dl>
    </Section>
  );
}

function HardwareSection({ cpu, memory }: Pick<Inventory, 'cpu' | 'memory'>) {
  return (
    <Section title="Processor and memory" testId="about-hardware">
      <dl className="facts">
        <Row label="CPU" testId="about-cpu-model">
          {orDash(`${cpu.manufacturer} ${cpu.brand}`)}
        </Row>
        <Row label="Cores">
          {cpu.physicalCores} physical, {cpu.logicalCores} logical
        </Row>
        <Row label="Base speed">{cpu.speedGHz > 0 ? `${cpu.speedGHz.toFixed(2)} GHz` : '—'}</Row>
        <Row label="Memory" testId="about-memory-total">
          <span data-bytes={memory.totalBytes}>{formatBytes(memory.totalBytes)}</span>
        </Row>
        <Row label="Swap">{memory.swapTotalBytes > 0 ? formatBytes(memory.swapTotalBytes) : 'none'}</Row>
      </dl>
    </Section>
  );
}

function AppSection({ app }: { app: AppInfo }) {
  return (
    <Section title="Triage" testId="about-app">
      <dl className="facts">
        <Row label="Version" testId="about-version">
          {app.version}
        </Row>
        <Row label="Mode">{app.mode === 'electron' ? 'desktop app' : app.mode === 'web' ? 'web UI' : app.mode}</Row>
        <Row label="Backend process">{app.pid}</Row>
        <Row label="Sampling interval">{app.intervalMs / 1000} s</Row>
      </dl>
    </Section>
  );
}

function BatterySection({ battery }: Pick<Inventory, 'battery'>) {
  return (
    <Section title="Battery" testId="about-battery">
      {battery ? (
        <dl className="facts">
          <Row label="Charge">
            {formatPercent(battery.percent, 0)}
            {battery.charging ? ', charging' : ''}
          </Row>
          <Row label="Model">{orDash(battery.model)}</Row>
          <Row label="Charge cycles">{battery.cycleCount ?? '—'}</Row>
        </dl>
      ) : (
        <p className="muted">No battery found.</p>
      )}
    </Section>
  );
}

function DisksSection({ disks }: Pick<Inventory, 'disks'>) {
  return (
    <Section title="Disks" testId="about-disks">
      {disks.length === 0 ? (
        <p className="muted">No disks reported.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th className="num">Size</th>
              <th>Vendor</th>
            </tr>
          </thead>
          <tbody>
            {disks.map((disk, i) => (
              <tr key={`${disk.name}-${i}`}>
                <td>{disk.name}</td>
                <td>{orDash(disk.type)}</td>
                <td className="num">{formatBytes(disk.sizeBytes)}</td>
                <td>{orDash(disk.vendor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function FilesystemsSection({ filesystems }: Pick<Inventory, 'filesystems'>) {
  return (
    <Section title="File systems" testId="about-filesystems">
      {filesystems.length === 0 ? (
        <p className="muted">No file systems reported.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Mounted on</th>
              <th>Type</th>
              <th className="num">Size</th>
              <th className="num">Used</th>
              <th className="usage-col">Use</th>
            </tr>
          </thead>
          <tbody>
            {filesystems.map((fs, i) => {
              // The backend's figure (as df and Disk & I/O); older snapshots lack it and get used / size.
              const percent = fs.usedPercent ?? (fs.sizeBytes > 0 ? (fs.usedBytes / fs.sizeBytes) * 100 : 0);
              return (
                <tr key={`${fs.mount}-${i}`}>
                  <td className="mono">{fs.mount}</td>
                  <td>{fs.fsType}</td>
                  <td className="num">{formatBytes(fs.sizeBytes)}</td>
                  <td className="num">{formatBytes(fs.usedBytes)}</td>
                  <td className="usage-col">
                    <span className="usage" title={formatPercent(percent)}>
                      <span className={percent > 90 ? 'usage-fill warn' : 'usage-fill'} style={{ width: `${Math.min(100, percent)}%` }} />
                    </span>
                    <span className="num">{formatPercent(percent, 0)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function NetworkSection({ network }: Pick<Inventory, 'network'>) {
  return (
    <Section title="Network interfaces" testId="about-network">
      {network.length === 0 ? (
        <p className="muted">No network interfaces reported.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>IPv4</th>
              <th>IPv6</th>
              <th>MAC</th>
              <th className="num">Speed</th>
            </tr>
          </thead>
          <tbody>
            {network.map((nic, i) => (
              <tr key={`${nic.name}-${i}`}>
                <td>{nic.name}</td>
                <td className="mono">{orDash(nic.ip4)}</td>
                <td className="mono wrap">{orDash(nic.ip6)}</td>
                <td className="mono">{orDash(nic.mac)}</td>
                <td className="num">{nic.speedMbps === null ? '—' : `${nic.speedMbps} Mb/s`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** What the machine is, section by section (also the snapshot viewer's inventory part, where app is null). */
export function InventoryView({ inventory, app }: { inventory: Inventory; app: AppInfo | null }) {
  return (
    <div className="about-grid">
      <SystemSection inventory={inventory} />
      <HardwareSection cpu={inventory.cpu} memory={inventory.memory} />
      {app ? <AppSection app={app} /> : null}
      <BatterySection battery={inventory.battery} />
      <DisksSection disks={inventory.disks} />
      <FilesystemsSection filesystems={inventory.filesystems} />
      <NetworkSection network={inventory.network} />
    </div>
  );
}
