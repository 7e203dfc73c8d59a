import type { StreamSink } from '../../contract/define.js';
import type { MemoryPinInfo, MemoryStreamMessage } from '../../contract/memory.js';
import type { MemoryService } from '../service.js';

type PinUpdate = Extract<MemoryStreamMessage, { kind: 'tick' }>['pins'][number];

/**
 * Follows one pin through the service's stream until `done` says the collected updates are enough.
 * No wall-clock assertions: the timeout is only a safety net for a wedged machine.
 */
export function collectUpdates(
  service: MemoryService,
  pinId: string,
  done: (updates: PinUpdate[]) => boolean,
  timeoutMs = 120_000,
): Promise<PinUpdate[]> {
  return new Promise((resolve, reject) => {
    const updates: PinUpdate[] = [];
    let finished = false;
    const stop = (): void => {
      finished = true;
      clearTimeout(timer);
      unsubscribe();
    };
    const sink: StreamSink<MemoryStreamMessage> = {
      next(message) {
        if (finished || message.kind !== 'tick') return;
        const update = message.pins.find((p) => p.pinId === pinId);
        if (!update) return;
        updates.push(update);
        if (done(updates)) {
          stop();
          resolve(updates);
        }
      },
      fail(error) {
        stop();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    };
    const unsubscribe = service['memory.stream']({}, sink);
    const timer = setTimeout(() => {
      stop();
      const last = updates.at(-1);
      reject(new Error(`gave up after ${updates.length} updates; last verdict: ${last?.verdict.kind} ${last?.verdict.sentence}`));
    }, timeoutMs);
  });
}

export async function pinInfo(service: MemoryService, pinId: string): Promise<MemoryPinInfo> {
  const { pins } = await service['memory.pins']({});
  const pin = pins.find((p) => p.pinId === pinId);
  if (!pin) throw new Error(`pin ${pinId} is gone`);
  return pin;
}
