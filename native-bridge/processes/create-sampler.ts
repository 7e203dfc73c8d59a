import { createLinuxSampler, type LinuxSamplerOptions } from './sampler-linux.js';
import { createSiSampler } from './sampler-si.js';
import type { ProcessSampler } from './sampler.js';

/** The /proc reader on Linux, systeminformation elsewhere. */
export function createProcessSampler(options: LinuxSamplerOptions = {}, platform: NodeJS.Platform = process.platform): ProcessSampler {
  return platform === 'linux' ? createLinuxSampler(options) : createSiSampler();
}
