import { readdirSync, readFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../contract/system.js';
import { readInventory, toBattery, withTimeout } from './inventory.js';

/** Children of this process still running (systeminformation's commands outlive a timed-out part). */
function childPids(): string[] {
  return readdirSync('/proc/self/task').flatMap((tid) =>
    readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean),
  );
}

describe('readInventory', () => {
  it("describes this machine in the contract's shape", async () => {
    const inventory = Inventory.parse(await readInventory({ timeoutMs: 30_000 }));
    expect(inventory.hostname).toBe(hostname());
    expect(inventory.os.platform).toBe('linux');
    expect(inventory.cpu.logicalCores).toBe(cpus().length);
    expect(inventory.memory.totalBytes).toBe(totalmem());
    expect(inventory.filesystems.some((f) => f.mount === '/')).toBe(true);
    expect(inventory.network.some((n) => n.name === 'lo' && n.ip4 === '127.0.0.1')).toBe(true);
  });

  it('still answers, with the parts it has, when the parts take longer than the timeout', async () => {
    const inventory = Inventory.parse(await readInventory({ timeoutMs: 1 }));
    // Node's own values stand in for what did not arrive in time.
    expect(inventory.hostname.length).toBeGreaterThan(0);
    expect(inventory.os.arch.length).toBeGreaterThan(0);
    // Leave no command behind.
    const deadline = Date.now() + 30_000;
    while (childPids().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(childPids()).toEqual([]);
  });
});

describe('withTimeout', () => {
  it('gives null for a part that hangs or fails, and the value for one that answers', async () => {
    expect(await withTimeout(() => new Promise<number>(() => {}), 50)).toBeNull();
    expect(await withTimeout(() => Promise.reject(new Error('boom')), 1000)).toBeNull();
    expect(
      await withTimeout(() => {
        throw new Error('sync boom');
      }, 1000),
    ).toBeNull();
    expect(await withTimeout(() => Promise.resolve(7), 1000)).toBe(7);
  });
});

describe('toBattery', () => {
  const battery = {
    hasBattery: true,
    cycleCount: 0,
    isCharging: true,
    voltage: 12,
    designedCapacity: 50,
    maxCapacity: 48,
    currentCapacity: 40,
    capacityUnit: 'Wh',
    percent: 83,
    timeRemaining: 60,
    acConnected: true,
    type: 'Li-ion',
    model: 'DELL 1234',
    manufacturer: 'SMP',
    serial: '1',
  };

  it('is null without a battery', () => {
    expect(toBattery({ ...battery, hasBattery: false })).toBeNull();
    expect(toBattery(null)).toBeNull();
  });

  it('maps a battery, with an unknown cycle count as null', () => {
    expect(toBattery(battery)).toEqual({ percent: 83, charging: true, cycleCount: null, model: 'DELL 1234' });
    expect(toBattery({ ...battery, cycleCount: 312, isCharging: false })!.cycleCount).toBe(312);
  });
});
