import type { StreamSink, Unsubscribe } from '../contract/define.js';
import type { ProcessRow, ProcessTableMessage } from '../contract/processes.js';
import { applyTableMessage } from '../common/processes-delta.js';

type TableStream = (sink: StreamSink<ProcessTableMessage>) => Unsubscribe;

/**
 * The process table as whole rows, for a consumer inside the backend that wants every process each tick
 * (the memory suspects): it rides on the table feed that is running anyway, so nothing reads /proc twice.
 * A failed feed stops the rows; the consumer's next subscription starts it again.
 */
export function tableRows(table: TableStream, listener: (time: number, rows: readonly ProcessRow[]) => void): () => void {
  let rows: ProcessRow[] = [];
  return table({
    next(message) {
      rows = applyTableMessage(rows, message);
      listener(message.time, rows);
    },
    fail: () => {
      rows = [];
    },
  });
}
