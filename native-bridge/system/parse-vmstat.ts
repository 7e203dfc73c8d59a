/** Pages swapped in and out since boot (multiply by the page size for bytes); 0 when the kernel has no swap support. */
export interface SwapCounters {
  pswpin: number;
  pswpout: number;
}

/** /proc/vmstat is ~170 `name value` lines; two indexOf calls beat splitting all of them every sample. */
export function parseVmstat(text: string): SwapCounters {
  return { pswpin: valueOf(text, 'pswpin'), pswpout: valueOf(text, 'pswpout') };
}

function valueOf(text: string, name: string): number {
  let at: number;
  if (text.startsWith(name + ' ')) {
    at = name.length + 1;
  } else {
    const line = text.indexOf('\n' + name + ' ');
    if (line === -1) return 0;
    at = line + name.length + 2;
  }
  let value = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return value;
}
