/** What the watchdog needs to know about a slot. */
export interface WatchedSlot {
  /** Milliseconds since its running generation was told to abort; undefined when it was not. */
  abortPendingMs(now?: number): number | undefined;
}

/** Options of {@link startWatchdog}. */
export interface WatchdogOptions<TSlot extends WatchedSlot> {
  readonly slots: () => readonly TSlot[];
  /** How long an aborted generation may take to end before its worker counts as stuck. */
  readonly graceMs: number;
  /** Called once per stuck slot (the caller replaces it). */
  readonly onStuck: (slot: TSlot) => void;
  /** Check period. Default: a quarter of the grace, between 50 ms and 1 s. */
  readonly intervalMs?: number;
}

/**
 * Checks the slots periodically: a worker that has not ended an aborted generation (client gone,
 * deadline, shutdown) within `graceMs` is stuck in code that never reaches the engine's abort
 * check — a hostile tokenizer regex or template — and is handed to `onStuck`. An engine round
 * always reaches that check, so a healthy worker is never reported.
 */
export function startWatchdog<TSlot extends WatchedSlot>(
  options: WatchdogOptions<TSlot>,
): { stop(): void } {
  const reported = new WeakSet<TSlot>();
  const period =
    options.intervalMs ?? Math.min(1000, Math.max(50, Math.round(options.graceMs / 4)));
  const timer = setInterval(() => {
    const now = performance.now();
    for (const slot of [...options.slots()]) {
      const pending = slot.abortPendingMs(now);
      if (pending === undefined || pending <= options.graceMs || reported.has(slot)) continue;
      reported.add(slot);
      options.onStuck(slot);
    }
  }, period);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
