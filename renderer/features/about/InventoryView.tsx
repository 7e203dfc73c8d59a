import type { ReactNode } from 'react';
import type { AppInfo, Inventory } from '../../../native-bridge/contract/index.js';
import { Fact } from '../../app/Fact.js';
import { formatBytes, formatPercent } from '../../app/format.js';
import { num, TableHead } from '../../app/TableHead.js';

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
        <Fact label="Host name">{orDash(inventory.hostname)}</Fact>
        <Fact label="Operating system">{orDash(`${os.distro} ${os.release}`)}</Fact>
        <Fact label="Kernel">{orDash(os.kernel)}</Fact>
        <Fact label="Architecture">{orDash(os.arch)}</Fact>
        <Fact label="Platform">{orDash(os.platform)}</Fact>
      </dl>
    </Section>
  );
}

function HardwareSection({ cpu, memory }: Pick<Inventory, 'cpu' | 'memory'>) {
  return (
    <Section title="Processor and memory" testId="about-hardware">
      <dl className="facts">
        <Fact label="CPU" testId="about-cpu-model">
          {orDash(`${cpu.manufacturer} ${cpu.brand}`)}
        </Fact>
        <Fact label="Cores">
          {cpu.physicalCores} physical, {cpu.logicalCores} logical
        </Fact>
        <Fact label="Base speed">{cpu.speedGHz > 0 ? `${cpu.speedGHz.toFixed(2)} GHz` : '—'}</Fact>
        <Fact label="Memory" testId="about-memory-total">
          <span data-bytes={memory.totalBytes}>{formatBytes(memory.totalBytes)}</span>
        </Fact>
        <Fact label="Swap">{memory.swapTotalBytes > 0 ? formatBytes(memory.swapTotalBytes) : 'none'}</Fact>
      </dl>
    </Section>
  );
}

function AppSection({ app }: { app: AppInfo }) {
  return (
    <Section title="Triage" testId="about-app">
      <dl className="facts">
        <Fact label="Version" testId="about-version">
          {app.version}
        </Fact>
        <Fact label="Mode">{app.mode === 'electron' ? 'desktop app' : app.mode === 'web' ? 'web UI' : app.mode}</Fact>
        <Fact label="Backend process">{app.pid}</Fact>
        <Fact label="Sampling interval">{app.intervalMs / 1000} s</Fact>
      </dl>
    </Section>
  );
}

function BatterySection({ battery }: Pick<Inventory, 'battery'>) {
  return (
    <Section title="Battery" testId="about-battery">
      {battery ? (
        <dl className="facts">
          <Fact label="Charge">
            {formatPercent(battery.percent, 0)}
            {battery.charging ? ', charging' : ''}
          </Fact>
          <Fact label="Model">{orDash(battery.model)}</Fact>
          <Fact label="Charge cycles">{battery.cycleCount ?? '—'}</Fact>
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
          <TableHead columns={['Name', 'Type', num('Size'), 'Vendor']} />
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
          <TableHead columns={['Mounted on', 'Type', num('Size'), num('Used'), { label: 'Use', className: 'usage-col' }]} />
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
          <TableHead columns={['Name', 'IPv4', 'IPv6', 'MAC', num('Speed')]} />
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
