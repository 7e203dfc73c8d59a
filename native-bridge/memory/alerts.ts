import type { MemoryAlert } from '../contract/memory.js';

export type { MemoryAlert };

export interface AlertPage {
  alerts: MemoryAlert[];
  /** Alerts pushed out of the list by newer ones since the start: never lost silently. */
  dropped: number;
  total: number;
}

/** Bounded alert list: the oldest go first when full, and the count of those that went is kept. */
export class AlertLog {
  private readonly items: MemoryAlert[] = [];
  private nextId = 1;
  private droppedCount = 0;

  constructor(private readonly capacity = 1000) {}

  add(alert: Omit<MemoryAlert, 'alertId'>): MemoryAlert {
    const full: MemoryAlert = { ...alert, alertId: this.nextId++ };
    this.items.push(full);
    if (this.items.length > this.capacity) {
      const excess = this.items.length - this.capacity;
      this.items.splice(0, excess);
      this.droppedCount += excess;
    }
    return full;
  }

  page(sinceId = 0, limit = this.capacity): AlertPage {
    const alerts = this.items.filter((a) => a.alertId > sinceId).slice(-limit);
    return { alerts, dropped: this.droppedCount, total: this.nextId - 1 };
  }
}
