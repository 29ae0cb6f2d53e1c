import { graphOps } from '@confu/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { RecordingGraph } from './recording-graph.js';

describe('RecordingGraph', () => {
  it('records what model-builder helpers build and infers shapes, symbolic dims included', () => {
    const g = new RecordingGraph();
    const x = g.addInput('x', 'float32', ['batch', 'seq', 8]);
    const w = g.addInitializer('w', 'float32', [6, 8], new Float32Array(48));
    const rows = graphOps.reshape(g, x, [-1, 8]);
    const y = graphOps.linear(g, rows, w);
    const [a, b] = graphOps.split(g, y, [2, 4], 1) as [string, string];
    const back = graphOps.reshape(g, g.op('Concat', [b, a], { axis: 1 }), [0, 3, 2]);
    expect(g.info(rows)?.dims).toEqual(['batch*seq', 8]);
    expect(g.info(y)?.dims).toEqual(['batch*seq', 6]);
    expect(g.info(a)?.dims).toEqual(['batch*seq', 2]);
    expect(g.info(back)?.dims).toEqual(['batch*seq', 3, 2]);
    expect(g.info(g.op('Shape', [back]))).toEqual({ dtype: 'int64', dims: [3] });
    expect(g.constantInts(g.int64s([4, -1]))).toEqual([4, -1]);
    expect(g.nodes.map((node) => node.opType)).toEqual([
      'Reshape',
      'Gemm',
      'Split',
      'Concat',
      'Reshape',
      'Shape',
    ]);
  });

  it('lowers initializers named as parameters to graph inputs, and the model runs', async () => {
    const g = new RecordingGraph();
    const x = g.addInput('x', 'float32', [2]);
    const w = g.addInitializer('w', 'float32', [2], Float32Array.of(3, 4));
    g.addOutput(g.op('Mul', [x, w], {}, 'y'), 'float32', [2]);
    const session = await ort.InferenceSession.create(
      g.lower({ initializersAsInputs: new Set(['w']) }).build().model,
    );
    expect(session.inputNames).toEqual(['x', 'w']);
    const out = await session.run({
      x: new ort.Tensor('float32', Float32Array.of(1, 2), [2]),
      w: new ort.Tensor('float32', Float32Array.of(5, 6), [2]),
    });
    expect(Array.from(out.y?.data as Float32Array)).toEqual([5, 12]);
    const plain = await ort.InferenceSession.create(g.build().model);
    expect(plain.inputNames).toEqual(['x']);
  });

  it('rejects duplicate names', () => {
    const g = new RecordingGraph();
    g.addInput('x', 'float32', [1]);
    expect(() => g.addInput('x', 'float32', [1])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => g.op('Neg', ['x'], {}, 'x')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
