import { graphOps } from '@confu/onnx';
import { ropeInverseFrequencies } from '@confu/model-builder';
import type { DecoderConfig } from '@confu/checkpoint';
import type { RecordingGraph } from '../graph/recording-graph.js';

const { split, concat, unsqueeze } = graphOps;

/** RMSNorm over the last axis in plain ops (every op has a gradient rule). */
export function rmsNorm(g: RecordingGraph, x: string, scale: string, eps: number): string {
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x]), g.int64s([-1])], { keepdims: 1 });
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, g.scalar(eps)])]);
  return g.op('Mul', [g.op('Div', [x, rms]), scale]);
}

/** Rotate-half RoPE (HF Llama) on `[..., heads, D]` with cos/sin broadcastable to it. */
export function rope(
  g: RecordingGraph,
  x: string,
  [cos, sin]: readonly [string, string],
  D: number,
): string {
  const [x1, x2] = split(g, x, [D / 2, D / 2], -1) as [string, string];
  const rotated = concat(g, [g.op('Neg', [x2]), x1], -1);
  return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
}

/** `[rows, D]` cos and sin of positions `first … first + rows − 1` (rotate-half layout). */
export function ropeRows(
  config: DecoderConfig,
  first: number,
  rows: number,
): { cos: Float32Array; sin: Float32Array } {
  const D = config.headDim;
  const inverse = ropeInverseFrequencies(config);
  const cos = new Float32Array(rows * D);
  const sin = new Float32Array(rows * D);
  for (let row = 0; row < rows; row++) {
    for (let i = 0; i < D / 2; i++) {
      const angle = (first + row) * (inverse[i] as number);
      cos[row * D + i] = cos[row * D + i + D / 2] = Math.cos(angle);
      sin[row * D + i] = sin[row * D + i + D / 2] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/** `[rows, 1, D]` RoPE initializers for positions `first … first + rows − 1`. */
export function ropeTable(
  g: RecordingGraph,
  config: DecoderConfig,
  name: string,
  [first, rows]: readonly [first: number, rows: number],
): [string, string] {
  const D = config.headDim;
  const { cos, sin } = ropeRows(config, first, rows);
  return [
    g.addInitializer(`${name}_cos`, 'float32', [rows, 1, D], cos),
    g.addInitializer(`${name}_sin`, 'float32', [rows, 1, D], sin),
  ];
}

/**
 * `[..., 1, D]` RoPE rows gathered at an int64 `positions` tensor (any shape) from tables of
 * `positions < contextLength`: for rows whose positions are data (ConFu anchors).
 */
export function gatheredRope(
  g: RecordingGraph,
  config: DecoderConfig,
  name: string,
  positions: string,
): [string, string] {
  const D = config.headDim;
  const { cos, sin } = ropeRows(config, 0, config.contextLength);
  const table = (suffix: string, data: Float32Array): string =>
    unsqueeze(
      g,
      g.op('Gather', [
        g.addInitializer(`${name}_${suffix}`, 'float32', [config.contextLength, D], data),
        positions,
      ]),
      [-2],
    );
  return [table('cos', cos), table('sin', sin)];
}

/** `x[start:end]` along `axis`. */
export function sliceAxis(
  g: RecordingGraph,
  x: string,
  axis: number,
  [start, end]: readonly [number, number],
): string {
  return g.op('Slice', [x, g.int64s([start]), g.int64s([end]), g.int64s([axis])]);
}

/** `[G·rows, columns]` additive causal mask (0 on and below the diagonal, −1e9 above), per group. */
export function causalMaskInitializer(
  g: RecordingGraph,
  name: string,
  groups: number,
  rows: number,
): string {
  const causal = new Float32Array(groups * rows * rows);
  for (let group = 0; group < groups; group++) {
    for (let i = 0; i < rows; i++)
      for (let j = i + 1; j < rows; j++) causal[(group * rows + i) * rows + j] = -1e9;
  }
  return g.addInitializer(name, 'float32', [groups * rows, rows], causal);
}
