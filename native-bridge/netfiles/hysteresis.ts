// A pure state machine for findings that must not flicker: a level is shown only after its condition has held
// without a break for that level's minimum duration, and withdrawn only after the condition has been false for
// the rule's clear time. Time is passed in; nothing here reads a clock or knows about sockets, so a general
// findings engine can use it as it is (it belongs in native-bridge/shared/ once a second user appears).

/** One severity level of a rule, in the rule's own unit (sockets, bytes, …). */
export interface LevelRule {
  /** The condition starts to hold at this value or above. */
  enterAt: number;
  /**
   * Once the level is shown, the condition counts as false only below this value (≤ enterAt): a value that
   * wavers just under enterAt does not start the clear timer.
   */
  exitBelow: number;
  /** How long the condition must hold, without a break, before the level is shown (ms). */
  holdMs: number;
}

export interface HysteresisRule {
  /** Ascending: index 0 is the mildest level (a warning), the last the worst. */
  levels: readonly LevelRule[];
  /** How long a shown level's condition must be false before the level is withdrawn (ms). */
  clearAfterMs: number;
}

interface LevelState {
  shown: boolean;
  /** Start of the current unbroken run in which the condition holds; null while it does not. */
  heldSince: number | null;
  /** Start of the current run in which it does not hold; null while it does. */
  falseSince: number | null;
  /** When the run that made this level shown began (the onset the user is told about). */
  shownSince: number | null;
}

export interface TrackState {
  readonly levels: readonly LevelState[];
}

export function initialState(rule: HysteresisRule): TrackState {
  return { levels: rule.levels.map(() => ({ shown: false, heldSince: null, falseSince: null, shownSince: null })) };
}

/** The next state after seeing `value` at time `now` (ms, never earlier than the previous call). */
export function step(rule: HysteresisRule, state: TrackState, value: number, now: number): TrackState {
  const levels = rule.levels.map((level, i): LevelState => {
    const prev = state.levels[i] ?? { shown: false, heldSince: null, falseSince: null, shownSince: null };
    const holds = value >= (prev.shown ? level.exitBelow : level.enterAt);
    const heldSince = holds ? (prev.heldSince ?? now) : null;
    const falseSince = holds ? null : (prev.falseSince ?? now);
    let shown = prev.shown;
    let shownSince = prev.shownSince;
    if (!shown && heldSince !== null && now - heldSince >= level.holdMs) {
      shown = true;
      shownSince = heldSince;
    } else if (shown && falseSince !== null && now - falseSince >= rule.clearAfterMs) {
      shown = false;
      shownSince = null;
    }
    return { shown, heldSince, falseSince, shownSince };
  });
  return { levels };
}

/** 0 when nothing is shown, else 1 + the index of the worst level shown. */
export function shownLevel(state: TrackState): number {
  for (let i = state.levels.length - 1; i >= 0; i--) if (state.levels[i]!.shown) return i + 1;
  return 0;
}

/** What a shown level rests on: since when, and whether its condition is false right now (clearing). */
export function shownFacts(state: TrackState): { level: number; since: number; clearingSince: number | null } | null {
  const level = shownLevel(state);
  if (level === 0) return null;
  const s = state.levels[level - 1]!;
  const first = state.levels[0]!;
  return { level, since: first.shownSince ?? s.shownSince ?? 0, clearingSince: s.falseSince };
}

/** Nothing shown and no run in progress: the state carries no memory and may be dropped. */
export function isIdle(state: TrackState): boolean {
  return state.levels.every((l) => !l.shown && l.heldSince === null);
}

export interface Tracked<K> {
  key: K;
  level: number;
  since: number;
  clearingSince: number | null;
  value: number;
}

/**
 * Many subjects under one rule (one per process, per listening socket, or one for the machine). A subject
 * missing from an observation counts as value 0: its condition is false.
 */
export class HysteresisTracker<K extends string> {
  private readonly states = new Map<K, { state: TrackState; value: number }>();
  constructor(private readonly rule: HysteresisRule) {}

  observe(values: ReadonlyMap<K, number>, now: number): Tracked<K>[] {
    const lowest = Math.min(...this.rule.levels.map((l) => l.enterAt));
    for (const [key, value] of values) {
      // A subject below every level starts no state: memory stays proportional to what is near a finding.
      if (!this.states.has(key) && value >= lowest) this.states.set(key, { state: initialState(this.rule), value });
    }
    const out: Tracked<K>[] = [];
    for (const [key, entry] of this.states) {
      const value = values.get(key) ?? 0;
      const state = step(this.rule, entry.state, value, now);
      if (isIdle(state)) {
        this.states.delete(key);
        continue;
      }
      this.states.set(key, { state, value });
      const facts = shownFacts(state);
      if (facts) out.push({ key, ...facts, value });
    }
    return out;
  }

  /** Drop a subject at once (its process exited: the condition cannot come back). */
  forget(key: K): void {
    this.states.delete(key);
  }

  keys(): K[] {
    return [...this.states.keys()];
  }

  clear(): void {
    this.states.clear();
  }
}
