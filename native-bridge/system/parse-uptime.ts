/** `420.89 728.48`: seconds since boot, then idle seconds summed over all CPUs. */
export function parseUptime(text: string): { uptimeSec: number; idleSec: number } {
  const space = text.indexOf(' ');
  const uptimeSec = Number(space === -1 ? text.trim() : text.slice(0, space));
  if (!Number.isFinite(uptimeSec)) throw new Error('/proc/uptime does not start with a number');
  const idleSec = space === -1 ? Number.NaN : Number(text.slice(space + 1).trim());
  return { uptimeSec, idleSec };
}
