import { createLinuxSampler, type LinuxSamplerOptions } from '../processes/sampler-linux.js';
import { createSiSampler } from './process-sampler-si.js';
import type { ProcessSampler } from '../processes/sampler.js';

/** The /proc reader on Linux, systeminformation elsewhere. */
export function createProcessSampler(options: LinuxSamplerOptions = {}, platform: NodeJS.Platform = process.platform): ProcessSampler {
  return platform === 'linux' ? createLinuxSampler(options) : createSiSampler();
}
