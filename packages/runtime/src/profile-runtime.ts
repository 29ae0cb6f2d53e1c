import type { ModelSession, Profiler, TensorRuntime } from '@confu/core';

/**
 * `runtime` whose sessions record every `run` in `profiler`, as `<phase>/<label>.run` and
 * `<phase>/<label>.run@<rows>` (rows: the `position_ids` width, else the first input's second dim).
 */
export function profileRuntime(
  runtime: TensorRuntime,
  profiler: Profiler,
  label: string,
): TensorRuntime {
  return {
    specificationVersion: runtime.specificationVersion,
    name: runtime.name,
    loadModel: async (source, options) =>
      profileSession(await runtime.loadModel(source, options), profiler, label),
  };
}

function profileSession(session: ModelSession, profiler: Profiler, label: string): ModelSession {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds, options) {
      const rows = (feeds['position_ids'] ?? Object.values(feeds)[0])?.dims[1] ?? 0;
      const start = profiler.now();
      try {
        return await session.run(feeds, options);
      } finally {
        const ms = profiler.now() - start;
        profiler.record(`${profiler.phase}/${label}.run`, ms);
        profiler.record(`${profiler.phase}/${label}.run@${rows}`, ms);
      }
    },
    dispose: () => session.dispose(),
    [Symbol.asyncDispose]: () => session.dispose(),
  };
}
