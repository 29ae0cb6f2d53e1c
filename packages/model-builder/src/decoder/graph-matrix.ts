import {
  QUANT_BLOCK,
  blockBytes,
  blockQuantize,
  float32ToFloat16,
  packOnnxCodes,
} from '@confu/checkpoint';
import type { ModelDtype } from '@confu/core';
import type { GraphBuilder } from '@confu/onnx';

/** How a graph stores its matrices (see {@link createMatrixFactory}). */
export interface MatrixFormat {
  readonly dtype: ModelDtype;
  /**
   * `MatMulNBits` `accuracy_level` for `q8` / `q4`: 0 computes in float32 on dequantised weights,
   * 4 quantises activations to int8 per block (fast on x86 with VNNI, less exact).
   */
  readonly accuracyLevel: number;
}

/** One `[rows, cols]` weight of a graph, used as a linear layer and/or an embedding table. */
export interface GraphMatrix {
  /** `x [S, cols] · Wᵀ (+ bias)` → `[S, rows]`. */
  linear(x: string, bias?: string): string;
  /** Rows `ids [S]` (int64) of the table → `[S, cols]` float32. */
  gather(ids: string): string;
}

/** Adds a weight named `name` to the graph, stored in the graph's format. */
export type MatrixFactory = (
  name: string,
  data: Float32Array,
  rows: number,
  cols: number,
) => GraphMatrix;

/**
 * Stores matrices as float32, float16 (cast to float32 where used) or block-quantised 8 / 4 bit
 * (ggml q8_0 / q4_0 codes and scales, so llama.cpp runs the same weights) read by
 * `com.microsoft` `MatMulNBits` (linear) and `GatherBlockQuantized` (tables). A tied embedding
 * serves both ops from one quantised initializer.
 */
export function createMatrixFactory(g: GraphBuilder, format: MatrixFormat): MatrixFactory {
  if (format.dtype === 'fp32' || format.dtype === 'fp16') {
    return (name, data, rows, cols) => {
      const weight =
        format.dtype === 'fp32'
          ? g.addInitializer(name, 'float32', [rows, cols], data)
          : g.op(
              'Cast',
              [g.addInitializer(name, 'float16', [rows, cols], float32ToFloat16(data))],
              {
                to: 1,
              },
            );
      return {
        linear: (x, bias) =>
          g.op('Gemm', bias === undefined ? [x, weight] : [x, weight, bias], { transB: 1 }),
        gather: (ids) => g.op('Gather', [weight, ids]),
      };
    };
  }
  g.useOpset('com.microsoft', 1);
  const bits = format.dtype === 'q8' ? 8 : 4;
  return (name, data, rows, cols) => {
    const quantized = blockQuantize(data, rows, cols, bits);
    const blocks = quantized.blocksPerRow;
    const codes = g.addInitializer(
      `${name}.q${bits}`,
      'uint8',
      [rows, blocks, blockBytes(bits)],
      packOnnxCodes(quantized),
    );
    const scales = g.addInitializer(`${name}.scales`, 'float32', [rows, blocks], quantized.scales);
    return {
      linear: (x, bias) => {
        const [y] = g.node('MatMulNBits', [x, codes, scales], {
          domain: 'com.microsoft',
          attributes: {
            K: cols,
            N: rows,
            bits,
            block_size: QUANT_BLOCK,
            accuracy_level: format.accuracyLevel,
          },
        });
        return bias === undefined ? (y as string) : g.op('Add', [y as string, bias]);
      },
      gather: (ids) => {
        // The codes as [rows, blocks, 32 values]: each block one quantisation group.
        const blockScales = g.op('Reshape', [scales, g.int64s([rows, blocks, 1])]);
        const [gathered] = g.node('GatherBlockQuantized', [codes, ids, blockScales], {
          domain: 'com.microsoft',
          attributes: { gather_axis: 0, quantize_axis: 2, block_size: QUANT_BLOCK, bits },
        });
        const flat = g.op('Reshape', [gathered as string, g.int64s([-1, blocks * QUANT_BLOCK])]);
        return blocks * QUANT_BLOCK === cols
          ? flat
          : g.op('Slice', [flat, g.int64s([0]), g.int64s([cols]), g.int64s([1])]);
      },
    };
  };
}
