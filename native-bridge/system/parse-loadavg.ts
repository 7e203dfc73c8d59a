export interface LoadAvg {
  one: number;
  five: number;
  fifteen: number;
  /** Runnable scheduling entities (threads) right now. */
  runnable: number;
  /** All scheduling entities (threads, not processes). */
  entities: number;
}

/** `0.08 0.24 0.13 1/86 6866`: three averages, runnable/total threads, last pid. */
export function parseLoadavg(text: string): LoadAvg {
  const parts = text.trim().split(/\s+/);
  const [runnable, entities] = (parts[3] ?? '').split('/');
  const out = {
    one: Number(parts[0]),
    five: Number(parts[1]),
    fifteen: Number(parts[2]),
    runnable: Number(runnable ?? Number.NaN),
    entities: Number(entities ?? Number.NaN),
  };
  if (!Number.isFinite(out.one) || !Number.isFinite(out.five) || !Number.isFinite(out.fifteen)) {
    throw new Error('/proc/loadavg does not start with three load averages');
  }
  return out;
}
