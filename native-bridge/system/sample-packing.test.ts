import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SystemSample } from '../contract/system.js';
import { createProcfsCollector } from './procfs-collector.js';
import { packedTime, SamplePacker, unpackSample } from './sample-packing.js';

/** Two real readings of this machine's /proc: the second has rates, disks, interfaces and (where the kernel has it) PSI. */
async function realSample(): Promise<SystemSample> {
  const collector = createProcfsCollector();
  await collector.sample();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return collector.sample();
}

/** Equal values and the same JSON text: what a page receives from an unpacked sample is what it would have received. */
function expectRoundTrip(packer: SamplePacker, sample: SystemSample): void {
  const back = unpackSample(packer.pack(sample));
  expect(back).toEqual(sample);
  expect(JSON.stringify(back)).toBe(JSON.stringify(sample));
}

describe('packing system samples for the charts ring', () => {
  it('gives back a real sample of this machine exactly, keys in the same order', async () => {
    const sample = await realSample();
    expect(sample.net.length).toBeGreaterThan(0);
    expectRoundTrip(new SamplePacker(), sample);
  });

  it('keeps every shape a sample can take: no PSI, partial PSI, no devices, many cores, the fallback source', async () => {
    const base = await realSample();
    const line = { avg10: 1.5, avg60: 0.25, avg300: 0.01 };
    const shapes: SystemSample[] = [
      { ...base, pressure: null },
      { ...base, pressure: { cpu: { some: line, full: null }, memory: null, io: { some: line, full: { avg10: 9, avg60: 8, avg300: 7 } } } },
      { ...base, disks: [], net: [] },
      { ...base, cpu: { total: base.cpu.total, cores: Array.from({ length: 64 }, (_, i) => ({ user: i, system: i / 2, iowait: 0.1, steal: 0, busy: i * 1.5 })) } },
      { ...base, source: 'systeminformation', disks: [{ name: 'nvme0n1', readBytesPerSec: 1e9, writeBytesPerSec: 0.5, readsPerSec: 3, writesPerSec: 4, busyPercent: 100 }] },
    ];
    const packer = new SamplePacker();
    for (const shape of shapes) expectRoundTrip(packer, shape);
  });

  it('shares one layout between samples of the same shape and gives a new device list its own', async () => {
    const base = await realSample();
    const packer = new SamplePacker();
    const a = packer.pack(base);
    const b = packer.pack({ ...base, time: base.time + 1000 });
    const plugged = packer.pack({ ...base, net: [...base.net, { ...base.net[0]!, name: 'usb0' }] });
    expect(b.layout).toBe(a.layout);
    expect(plugged.layout).not.toBe(a.layout);
    expect(plugged.layout.net.at(-1)).toBe('usb0');
    expect(packedTime(b)).toBe(base.time + 1000);
  });

  it('holds a full ring in well under half the heap the samples take as objects', () => {
    // A fresh node, so the collector is the only thing allocating between the two readings.
    const script = `
      import { getHeapStatistics } from 'node:v8';
      import { createProcfsCollector } from ${JSON.stringify(join(import.meta.dirname, 'procfs-collector.ts'))};
      import { SamplePacker } from ${JSON.stringify(join(import.meta.dirname, 'sample-packing.ts'))};
      const collector = createProcfsCollector();
      await collector.sample();
      await new Promise((r) => setTimeout(r, 50));
      const sample = await collector.sample();
      const used = () => { gc(); gc(); return getHeapStatistics().used_heap_size; };
      const packer = new SamplePacker();
      const start = used();
      const objects = Array.from({ length: 900 }, () => structuredClone(sample));
      const afterObjects = used();
      const packed = objects.map((s) => packer.pack(s));
      objects.length = 0;
      const afterPacked = used();
      process.stdout.write(JSON.stringify({ objects: afterObjects - start, packed: afterPacked - start, n: packed.length }));
    `;
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { objects, packed } = JSON.parse(out) as { objects: number; packed: number };
    // Measured on a 2-core machine with 4 interfaces: ~2.7 KB a sample as objects, ~0.8 KB packed.
    expect(objects).toBeGreaterThan(900 * 1000);
    expect(packed).toBeLessThan(objects / 2);
  }, 30_000);
});
