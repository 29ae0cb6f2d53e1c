/** Cuts streamed text at the first stop string, holding back text that may start one. */
export interface StopMatcher {
  /** Adds text; returns what is safe to emit and whether a stop string was reached. */
  push(text: string): { emit: string; stopped: boolean };
  /** The held-back text, once generation ended without a stop. */
  flush(): string;
}

/** A {@link StopMatcher} for stop strings (OpenAI `stop`); the stop text itself is never emitted. */
export function createStopMatcher(stops: readonly string[]): StopMatcher {
  const active = stops.filter((stop) => stop !== '');
  let pending = '';
  const take = (length: number): string => {
    const emit = pending.slice(0, length);
    pending = pending.slice(length);
    return emit;
  };
  return {
    push(text) {
      pending += text;
      if (active.length === 0) return { emit: take(pending.length), stopped: false };
      let first = -1;
      for (const stop of active) {
        const index = pending.indexOf(stop);
        if (index !== -1 && (first === -1 || index < first)) first = index;
      }
      if (first !== -1) {
        const emit = pending.slice(0, first);
        pending = '';
        return { emit, stopped: true };
      }
      return { emit: take(pending.length - heldBack(pending, active)), stopped: false };
    },
    flush: () => take(pending.length),
  };
}

// The longest tail of `text` that is a proper prefix of some stop string.
function heldBack(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}
