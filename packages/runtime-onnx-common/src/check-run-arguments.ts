import { ConfuError } from '@confu/errors';
import { elementCount } from '@confu/runtime';
import type { Tensor } from '@confu/core';
import { isDType } from './dtypes.js';

const list = (names: readonly string[]): string => names.map((name) => `\`${name}\``).join(', ');

/**
 * Validates a run's feeds and requested outputs against the model before ORT sees them (ORT's
 * own messages are engine-specific and some checks happen only deep inside the run).
 * @returns the output names to fetch, de-duplicated, in request order.
 * @throws ConfuError `INVALID_ARGUMENT`.
 */
export function checkRunArguments(
  inputNames: readonly string[],
  outputNames: readonly string[],
  feeds: Readonly<Record<string, Tensor>>,
  outputs: readonly string[] | undefined,
): string[] {
  for (const [name, tensor] of Object.entries(feeds)) {
    if (!inputNames.includes(name)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `unknown feed \`${name}\`; the model's inputs are ${list(inputNames)}`,
      );
    }
    if (!isDType(tensor.dtype)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `feed \`${name}\` has unsupported dtype \`${String(tensor.dtype)}\``,
      );
    }
    if (tensor.data.length !== elementCount(tensor.dims)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `feed \`${name}\` has ${tensor.data.length} elements but dims [${tensor.dims.join(', ')}]; build it with createTensor()`,
      );
    }
  }
  const missing = inputNames.filter((name) => !(name in feeds));
  if (missing.length > 0)
    throw new ConfuError('INVALID_ARGUMENT', `missing feeds ${list(missing)}`);
  if (outputs === undefined) return [...outputNames];
  if (outputs.length === 0) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      '`outputs` must name at least one output; omit it to fetch all',
    );
  }
  for (const name of outputs) {
    if (!outputNames.includes(name)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `unknown output \`${name}\`; the model's outputs are ${list(outputNames)}`,
      );
    }
  }
  return [...new Set(outputs)];
}
