import type { Profiler } from '@confu/core';

/**
 * One shared int per worker: above 0 while the worker is inside an ONNX Runtime call. Terminating
 * a worker thread during such a call aborts the whole process (onnxruntime-node's binding throws a
 * `Napi::Error` into a dying environment: SIGABRT), so a worker is only terminated while it is 0.
 */
export function createNativeCallFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/**
 * The worker's side of the flag: a `Profiler` given to `load()`, whose runtime wrapper
 * (`profileRuntime` of `@confu/runtime`) calls `now()` right before each session run, `now()`
 * again right after it and then `record('….run', ms)`: the first `now()` of a run raises the flag,
 * the `.run` record lowers it. Runs of one worker never overlap (one generation at a time).
 */
export function nativeCallProfiler(flag: Int32Array): Profiler {
  let inRun = false;
  return {
    phase: 'serve',
    now() {
      if (!inRun) {
        inRun = true;
        Atomics.store(flag, 0, 1);
      }
      return performance.now();
    },
    record(name) {
      if (inRun && name.endsWith('.run')) {
        inRun = false;
        Atomics.store(flag, 0, 0);
      }
    },
  };
}

/** Resolves once the worker owning `flag` is outside ONNX Runtime (checked every `pollMs`). */
export async function outsideNativeCall(flag: Int32Array, pollMs = 5): Promise<void> {
  while (Atomics.load(flag, 0) !== 0) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
