import { afterAll, beforeAll } from 'vitest';
import { createMemoryService, type MemoryService } from '../service.js';
import { buildMemhog, startHog, type RunningHog } from './memhog.js';

export interface HogService {
  /** The real memory service, sampling every 500 ms. */
  readonly service: MemoryService;
  /** A copy of the memhog binary under another program name (for pins by name). */
  copyAs(name: string): string;
  /** Starts memhog (or a copy of it) with these arguments; stopped after the file's tests. */
  start(args: string[], binary?: string): Promise<RunningHog>;
}

/**
 * For a test file on real memhog children: builds memhog and starts a memory service before the
 * file's tests, and stops every child, the service and the build after them.
 */
export function setUpHogService(): HogService {
  let hog: ReturnType<typeof buildMemhog> | undefined;
  let service: MemoryService | undefined;
  const children: RunningHog[] = [];

  beforeAll(() => {
    hog = buildMemhog();
    service = createMemoryService({ intervalMs: 500 });
  });

  afterAll(async () => {
    service?.control.dispose();
    await Promise.all(children.map((c) => c.stop()));
    hog?.dispose();
  });

  const built = (): ReturnType<typeof buildMemhog> => {
    if (!hog) throw new Error('memhog is built in beforeAll: use it inside a test');
    return hog;
  };
  return {
    get service(): MemoryService {
      if (!service) throw new Error('the memory service starts in beforeAll: use it inside a test');
      return service;
    },
    copyAs: (name) => built().copyAs(name),
    async start(args, binary) {
      const child = await startHog(binary ?? built().binary, args);
      children.push(child);
      return child;
    },
  };
}
