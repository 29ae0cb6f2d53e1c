import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { float, floats } from './attributes.js';
import { EXTERNAL_DATA_ALIGNMENT, concatExternalData } from './external-data.js';
import { GraphBuilder, type BuiltModel } from './graph-builder.js';
import { onnxProto } from './onnx-proto.js';
import { reshape } from './ops.js';

/** y = relu(x · w + b) · 2 over a symbolic batch, plus a gathered int64/int32 lookup. */
function tinyModel(): { built: BuiltModel; w: Float32Array; b: Float32Array } {
  const g = new GraphBuilder({ name: 'tiny' });
  const w = Float32Array.from({ length: 8 * 37 }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: 37 }, (_, i) => i / 10 - 1);
  const x = g.addInput('x', 'float32', ['batch', 8]);
  const ids = g.addInput('ids', 'int64', [3]);
  // Odd-sized initializers so that naive packing would misalign the next tensor.
  const weight = g.addInitializer('w', 'float32', [8, 37], w);
  const bias = g.addInitializer('b', 'float32', [37], b);
  const table = g.addInitializer(
    'table',
    'int32',
    [301],
    Int32Array.from({ length: 301 }, (_, i) => i * 3),
  );
  const table64 = g.addInitializer(
    'table64',
    'int64',
    [5, 61],
    BigInt64Array.from({ length: 305 }, (_, i) => BigInt(i)),
  );
  const hidden = g.op('Relu', [
    g.op('Gemm', [x, weight, bias], { alpha: float(1), beta: float(1) }),
  ]);
  g.op('Mul', [hidden, g.scalar(2)], {}, 'y');
  g.op('Gather', [table, ids], { axis: 0 }, 'looked_up');
  g.op('Gather', [reshape(g, table64, [-1]), ids], {}, 'looked_up64');
  g.addOutput('y', 'float32', ['batch', 37]);
  g.addOutput('looked_up', 'int32', [3]);
  g.addOutput('looked_up64', 'int64', [3]);
  return { built: g.build({ externalDataPath: 'tiny.onnx.data', externalThreshold: 100 }), w, b };
}

function expected(x: Float32Array, w: Float32Array, b: Float32Array): number[] {
  const rows = x.length / 8;
  return Array.from({ length: rows * 37 }, (_, index) => {
    const [r, c] = [Math.floor(index / 37), index % 37];
    let sum = b[c] as number;
    for (let k = 0; k < 8; k++) sum += (x[r * 8 + k] as number) * (w[k * 37 + c] as number);
    return 2 * Math.max(0, sum);
  });
}

async function check(
  session: ort.InferenceSession,
  w: Float32Array,
  b: Float32Array,
): Promise<void> {
  const x = Float32Array.from({ length: 16 }, (_, i) => Math.cos(i));
  const out = await session.run({
    x: new ort.Tensor('float32', x, [2, 8]),
    ids: new ort.Tensor('int64', BigInt64Array.from([0n, 100n, 300n]), [3]),
  });
  const y = Array.from(out['y']?.data as Float32Array);
  expected(x, w, b).forEach((value, i) => expect(y[i]).toBeCloseTo(value, 5));
  expect(Array.from(out['looked_up']?.data as Int32Array)).toEqual([0, 300, 900]);
  expect(Array.from(out['looked_up64']?.data as BigInt64Array)).toEqual([0n, 100n, 300n]);
}

describe('GraphBuilder', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('stores large initializers externally at 64-byte aligned offsets', () => {
    const { built } = tinyModel();
    const model = onnxProto.ModelProto.decode(built.model);
    expect(Number(model.irVersion)).toBe(10);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 23]]);
    const external = model.graph?.initializer.filter((t) => t.dataLocation === 1) ?? [];
    expect(external.map((t) => t.name).sort()).toEqual(['b', 'table', 'table64', 'w']);
    const chunkBytes = concatExternalData(built.externalData);
    expect(chunkBytes.length).toBe(built.externalData.byteLength);
    for (const tensor of external) {
      const entries = Object.fromEntries(tensor.externalData.map((e) => [e.key, e.value]));
      expect(entries['location']).toBe('tiny.onnx.data');
      expect(Number(entries['offset']) % EXTERNAL_DATA_ALIGNMENT).toBe(0);
      expect(tensor.rawData.length).toBe(0);
      expect(Number(entries['offset']) + Number(entries['length'])).toBeLessThanOrEqual(
        built.externalData.byteLength,
      );
    }
    const inline = model.graph?.initializer.filter((t) => t.dataLocation !== 1) ?? [];
    expect(inline.every((t) => t.rawData.length < 100)).toBe(true);
  });

  it('round-trips through onnxruntime-node from bytes and from a file path', async () => {
    const { built, w, b } = tinyModel();
    const fromBytes = await ort.InferenceSession.create(built.model, {
      externalData: [
        { path: built.externalData.path, data: concatExternalData(built.externalData) },
      ],
    });
    await check(fromBytes, w, b);
    await fromBytes.release();

    const dir = mkdtempSync(path.join(tmpdir(), 'confu-onnx-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'tiny.onnx'), built.model);
    writeFileSync(path.join(dir, built.externalData.path), concatExternalData(built.externalData));
    const fromPath = await ort.InferenceSession.create(path.join(dir, 'tiny.onnx'));
    await check(fromPath, w, b);
    await fromPath.release();
  });

  it('encodes attributes by kind and rejects ambiguous or duplicate names', () => {
    const g = new GraphBuilder();
    const x = g.addInput('x', 'float32', [2]);
    g.node('Custom', [x, ''], {
      attributes: { i: 3, f: float(0.5), is: [1, 2], fs: floats([0.25]), s: 'abc', ss: ['a', 'b'] },
      outputs: ['y', ''],
      domain: 'test.domain',
    });
    g.useOpset('test.domain', 1);
    const model = onnxProto.ModelProto.decode(g.build().model);
    const node = model.graph?.node[0];
    expect(node?.input).toEqual(['x', '']);
    expect(node?.output).toEqual(['y', '']);
    expect(Object.fromEntries(node?.attribute.map((a) => [a.name, a.type]) ?? [])).toEqual({
      i: 2,
      f: 1,
      is: 7,
      fs: 6,
      s: 3,
      ss: 8,
    });
    expect(() => g.op('Relu', [x], { alpha: 0.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => g.addInput('x', 'float32', [1])).toThrow(/`x` is empty or already defined/);
    expect(() => g.addInitializer('w', 'float32', [2, 2], new Float32Array(3))).toThrow(
      /3 elements do not fill dims \[2, 2\]/,
    );
    expect(g.int64s([1, 2])).toBe(g.int64s([1, 2]));
    expect(g.uniqueName('y')).toBe('y_1');
  });

  it('leaves external data empty when every initializer is small', () => {
    const g = new GraphBuilder();
    g.op('Identity', [g.addInput('x', 'float32', [1])], {}, 'y');
    g.addOutput('y', 'float32', [1]);
    const built = g.build();
    expect(built.externalData).toEqual({ path: 'model.onnx.data', chunks: [], byteLength: 0 });
  });
});
