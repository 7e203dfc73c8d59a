import type SiModule from 'systeminformation';

export type Si = typeof SiModule;

let loading: Promise<Si> | null = null;

/**
 * systeminformation on first use. Loading it costs tens of milliseconds (hundreds of CommonJS files),
 * and on Linux web mode needs it only for the About page, so `triage web` must not pay for it at start.
 */
export function loadSystemInformation(): Promise<Si> {
  // A CommonJS package: Node's ESM loader hands its exports over as `default`.
  loading ??= import('systeminformation').then((module) => module.default);
  return loading;
}
