import type { Unavailable } from '../observation.js';
import { listDir, readAttr, readNumber, whyNotListed } from './sysfs.js';
import type { Battery, PowerSupplies } from './types.js';

/** Batteries and AC adapters under class/power_supply. A machine with none is a desktop on mains. */
export function readPowerSupplies(sysRoot: string): PowerSupplies | Unavailable {
  const base = `${sysRoot}/class/power_supply`;
  const names = listDir(base);
  if (!Array.isArray(names)) return { unavailable: whyNotListed(names.errno, base, `no ${base}`) };
  const batteries: Battery[] = [];
  const adapters: boolean[] = [];
  for (const name of names.sort()) {
    const dir = `${base}/${name}`;
    const type = readAttr(`${dir}/type`);
    if (type === 'Mains' || type === 'USB') {
      const online = readNumber(`${dir}/online`);
      if (online !== null) adapters.push(online === 1);
    } else if (type === 'Battery') {
      // A wireless mouse's or a phone's battery (scope Device) does not power this machine.
      if (readAttr(`${dir}/scope`) === 'Device' || readNumber(`${dir}/present`) === 0) continue;
      const capacityPct = readNumber(`${dir}/capacity`);
      if (capacityPct === null) continue;
      batteries.push({ name, capacityPct, status: readAttr(`${dir}/status`) ?? 'Unknown', minutesLeft: minutesLeft(dir) });
    }
  }
  return { batteries, acOnline: adapters.length === 0 ? null : adapters.some(Boolean) };
}

/** energy_now / power_now (µWh, µW) or charge_now / current_now (µAh, µA): both give hours at the present draw. */
function minutesLeft(dir: string): number | null {
  const pairs: [string, string][] = [
    ['energy_now', 'power_now'],
    ['charge_now', 'current_now'],
  ];
  for (const [stock, draw] of pairs) {
    const left = readNumber(`${dir}/${stock}`);
    const rate = readNumber(`${dir}/${draw}`);
    // Some firmware reports the draw as negative while discharging.
    if (left !== null && rate !== null && rate !== 0) return (left / Math.abs(rate)) * 60;
  }
  return null;
}
