import type { ModelDtype, TensorRuntime } from '@confu/core';
import { ConfuError } from '@confu/errors';

const dtypes: readonly ModelDtype[] = ['fp32', 'fp16', 'q8', 'q4'];

/** Runtimes that run every dtype's operators (`MatMulNBits`, `GatherBlockQuantized`, float16 casts). */
const capable = new Set(['onnx-node', 'onnx-web']);

/**
 * Checks `dtype` (and that `runtime` can execute it) before any conversion work.
 * @throws ConfuError `INVALID_ARGUMENT` (not a dtype), `UNSUPPORTED` (a runtime without the
 * quantised operators).
 */
export function assertSupportedDtype(dtype: ModelDtype | undefined, runtime?: TensorRuntime): void {
  if (dtype === undefined || dtype === 'fp32') return;
  if (!dtypes.includes(dtype)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`dtype\` must be one of ${dtypes.join(', ')}, got ${JSON.stringify(dtype)}`,
    );
  }
  if (runtime && !capable.has(runtime.name)) {
    throw new ConfuError(
      'UNSUPPORTED',
      `runtime ${runtime.name} cannot run \`dtype\` ${dtype} graphs (com.microsoft MatMulNBits); use fp32`,
    );
  }
}

/**
 * `MatMulNBits` `accuracy_level` per runtime: 4 (int8 activations, VNNI kernels) on the native
 * CPU build, 0 on wasm, whose int8 path is no faster (measured in docs/benchmarks.md).
 */
export function accuracyLevelFor(runtime: TensorRuntime): number {
  return runtime.name === 'onnx-web' ? 0 : 4;
}
