import { ConfuError } from '@confu/errors';
import { validateDecoderConfig } from '../decoder/validate-decoder-weights.js';
import { headDecoderConfig } from './draft-head-config.js';
import type { Eagle3HeadConfig } from './draft-head-config.js';
import type { Eagle3HeadWeights } from './draft-head-weights.js';
import { confuTensorSpecs, eagle3TensorSpecs } from './draft-head-tensor-names.js';
import { vocabMappingProblem } from './vocab-mapping.js';

/** What a head must agree with in its target. */
export type DraftHeadTarget = {
  readonly vocabSize: number;
  readonly hiddenSize: number;
  /** When given, `tapLayers` must be layers of the target. */
  readonly numLayers?: number;
};

/**
 * Checks that `head`'s config is self-consistent and every array has the size it implies, so graph
 * building and the reference pass never read out of bounds.
 * @throws ConfuError `INVALID_ARGUMENT` naming the offending field.
 */
export function validateDraftHead(head: Eagle3HeadWeights): void {
  const invalid = (message: string): ConfuError =>
    new ConfuError('INVALID_ARGUMENT', `draft head weights: ${message}`);
  const { config } = head;
  try {
    validateDecoderConfig(headDecoderConfig(config));
  } catch (cause) {
    throw invalid(cause instanceof Error ? cause.message : String(cause));
  }
  if (!(config.draftVocabSize > 0 && config.draftVocabSize <= config.vocabSize)) {
    throw invalid(
      `config.draftVocabSize ${config.draftVocabSize} is outside [1, ${config.vocabSize}]`,
    );
  }
  const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
  for (const spec of eagle3TensorSpecs(config)) {
    const array = head[spec.key];
    if (array?.length !== size(spec.shape)) {
      throw invalid(`${spec.key} has ${array?.length} floats, expected ${size(spec.shape)}`);
    }
  }
  if (head.d2t.length !== config.draftVocabSize) {
    throw invalid(`d2t has ${head.d2t.length} entries, expected ${config.draftVocabSize}`);
  }
  if (head.t2d.length !== config.vocabSize) {
    throw invalid(`t2d has ${head.t2d.length} entries, expected ${config.vocabSize}`);
  }
  const problem = vocabMappingProblem(head.d2t, head.t2d);
  if (problem) throw invalid(problem);
  if ((config.confu === undefined) !== (head.confu === undefined)) {
    throw invalid('config.confu and confu tensors must be given together');
  }
  for (const spec of confuTensorSpecs(config)) {
    const array = head.confu?.[spec.key];
    if (array === undefined && !spec.required) continue;
    if (array?.length !== size(spec.shape)) {
      throw invalid(`confu.${spec.key} has ${array?.length} floats, expected ${size(spec.shape)}`);
    }
  }
}

/**
 * Checks a head config against its target: same vocabulary and hidden size (the head shares the
 * target's embedding), tap layers inside the target.
 * @param label - the head's config.json, for error messages.
 * @throws ConfuError `INVALID_CONFIG` naming `label`.
 */
export function checkDraftHeadTarget(
  config: Eagle3HeadConfig,
  target: DraftHeadTarget,
  label: string,
): void {
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_CONFIG', `${label}: ${message}`);
  };
  if (config.vocabSize !== target.vocabSize) {
    fail(
      `vocab_size ${config.vocabSize} does not match the target vocabulary of ${target.vocabSize}`,
    );
  }
  if (config.hiddenSize !== target.hiddenSize) {
    fail(
      `hidden_size ${config.hiddenSize} does not match the target hidden size ${target.hiddenSize}`,
    );
  }
  const layers = target.numLayers;
  const outside = config.tapLayers?.find((layer) => layers !== undefined && layer >= layers);
  if (outside !== undefined) {
    fail(
      `eagle_aux_hidden_state_layer_ids names layer ${outside - 1}, whose output enters no layer of the ${layers ?? 0}-layer target`,
    );
  }
}
