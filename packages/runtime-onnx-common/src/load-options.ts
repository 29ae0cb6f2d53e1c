import type { LoadModelOptions, ModelSource } from '@confu/core';
import { ConfuError } from '@confu/errors';
import type { InferenceSession } from 'onnxruntime-common';

type GraphOptimization = NonNullable<LoadModelOptions['graphOptimization']>;
type OrtLevel = NonNullable<InferenceSession.SessionOptions['graphOptimizationLevel']>;

// Our level names happen to equal onnxruntime's; the map keeps that a checked fact.
const graphOptimizationLevels: Record<GraphOptimization, OrtLevel> = {
  disabled: 'disabled',
  basic: 'basic',
  extended: 'extended',
  all: 'all',
};

/**
 * onnxruntime's graph optimisation level for `options.graphOptimization` (default `all`).
 * @throws ConfuError `INVALID_ARGUMENT` for an unknown level.
 */
export function graphOptimizationLevel(options: LoadModelOptions): OrtLevel {
  const level = graphOptimizationLevels[options.graphOptimization ?? 'all'] as OrtLevel | undefined;
  if (!level) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `unknown \`graphOptimization\` \`${String(options.graphOptimization)}\``,
    );
  }
  return level;
}

/** @throws ConfuError `INVALID_ARGUMENT` for a source kind other than `path` and `bytes`. */
export function checkSourceKind(source: ModelSource): void {
  if (source.kind !== 'path' && source.kind !== 'bytes') {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `unknown model source kind \`${String((source as { kind: unknown }).kind)}\``,
    );
  }
}
