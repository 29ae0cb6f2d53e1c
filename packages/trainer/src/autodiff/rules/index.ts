import type { GradientRule } from '../gradient-rule.js';
import { activationRules } from './activations.js';
import { arithmeticRules } from './arithmetic.js';
import { concatSplitRules } from './concat-split.js';
import { crossEntropyRules } from './cross-entropy.js';
import { gatherRules } from './gather.js';
import { matMulRules } from './matmul.js';
import { reductionRules } from './reductions.js';
import { reshapingRules } from './reshaping.js';
import { selectionRules } from './selection.js';
import { sliceRules } from './slice.js';
import { softmaxRules } from './softmax.js';
import { unaryMathRules } from './unary-math.js';

/** Every gradient rule, by ONNX op type (default domain). */
export const gradientRules: Readonly<Record<string, GradientRule>> = {
  ...arithmeticRules,
  ...unaryMathRules,
  ...activationRules,
  ...softmaxRules,
  ...crossEntropyRules,
  ...matMulRules,
  ...reductionRules,
  ...selectionRules,
  ...reshapingRules,
  ...concatSplitRules,
  ...sliceRules,
  ...gatherRules,
};
