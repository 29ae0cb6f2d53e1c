import { intAttribute, normalizeAxis } from '../node-attributes.js';
import type { InferredDim } from '../tensor-info.js';
import { productOf } from './inference-rule.js';
import type { InferenceRule } from './inference-rule.js';

/** A product of dims as a fixed size and a sorted list of symbolic factors. */
interface Factors {
  readonly size: number;
  readonly symbols: readonly string[];
}

function factorsOf(dims: readonly InferredDim[]): Factors | undefined {
  let size = 1;
  const symbols: string[] = [];
  for (const dim of dims) {
    if (dim === null) return undefined;
    if (typeof dim === 'number') size *= dim;
    else symbols.push(...dim.split('*'));
  }
  return { size, symbols: symbols.sort() };
}

/** `total / known` as a dim: a number, a canonical `a*b` product of symbols, or `null`. */
function quotient(total: Factors, known: Factors): InferredDim {
  const symbols = [...total.symbols];
  for (const symbol of known.symbols) {
    const index = symbols.indexOf(symbol);
    if (index < 0) return null;
    symbols.splice(index, 1);
  }
  if (known.size === 0 || total.size % known.size !== 0) return null;
  const size = total.size / known.size;
  if (symbols.length === 0) return size;
  return size === 1 ? symbols.join('*') : null;
}

const reshape: InferenceRule = ({ input, ints, node }) => {
  const x = input(0);
  const shape = ints(1);
  if (!x) return [undefined];
  if (!shape) {
    const rank = input(1)?.dims[0];
    return [
      typeof rank === 'number' ? { dtype: x.dtype, dims: Array(rank).fill(null) } : undefined,
    ];
  }
  const allowZero = intAttribute(node, 'allowzero', 0) === 1;
  const dims: InferredDim[] = shape.map((value, axis) =>
    value === 0 && !allowZero ? (x.dims[axis] ?? null) : value,
  );
  const inferred = dims.indexOf(-1);
  if (inferred >= 0) {
    const total = factorsOf(x.dims);
    const known = factorsOf(dims.filter((_, axis) => axis !== inferred));
    dims[inferred] = total && known ? quotient(total, known) : null;
  }
  return [{ dtype: x.dtype, dims }];
};

const flatten: InferenceRule = ({ node, input }) => {
  const x = input(0);
  if (!x) return [undefined];
  const axis = normalizeAxis(intAttribute(node, 'axis', 1), x.dims.length);
  return [
    { dtype: x.dtype, dims: [productOf(x.dims.slice(0, axis)), productOf(x.dims.slice(axis))] },
  ];
};

const squeeze: InferenceRule = ({ input, ints, node }) => {
  const x = input(0);
  if (!x) return [undefined];
  const given = ints(1);
  if ((node.inputs[1] ?? '') !== '' && !given) return [undefined];
  const axes = given?.map((axis) => normalizeAxis(axis, x.dims.length));
  const dims = x.dims.filter((dim, axis) => (axes ? !axes.includes(axis) : dim !== 1));
  return [{ dtype: x.dtype, dims }];
};

const unsqueeze: InferenceRule = ({ input, ints }) => {
  const x = input(0);
  const given = ints(1);
  if (!x || !given) return [undefined];
  const rank = x.dims.length + given.length;
  const axes = given.map((axis) => normalizeAxis(axis, rank));
  const rest = [...x.dims];
  const dims = Array.from({ length: rank }, (_, axis) =>
    axes.includes(axis) ? 1 : (rest.shift() ?? null),
  );
  return [{ dtype: x.dtype, dims }];
};

/** Shape rules of Reshape, Flatten, Squeeze and Unsqueeze. */
export const reshapeInference: Readonly<Record<string, InferenceRule>> = {
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
};
