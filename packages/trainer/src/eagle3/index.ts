export { buildEagle3TttGraph } from './build-eagle3-ttt-graph.js';
export { eagle3BatchFeeds, targetToDraftIds } from './eagle3-batch.js';
export type { Eagle3Batch } from './eagle3-batch.js';
export {
  eagle3HeadFromParameters,
  eagle3ParameterCount,
  eagle3ParameterDims,
  eagle3ParameterKeys,
  eagle3ParametersOf,
  initialEagle3Parameters,
} from './eagle3-parameters.js';
export type { Eagle3ParameterName } from './eagle3-parameters.js';
export { checkTttShape, eagle3TttInputs } from './eagle3-ttt-shape.js';
export type { Eagle3TttShape } from './eagle3-ttt-shape.js';
export { trainEagle3 } from './train-eagle3.js';
export type { TrainEagle3Options, TrainEagle3Result } from './train-eagle3.js';
export { addHeadParams, addTttInputs } from './build-eagle3-ttt-graph.js';
export { headAttentionInput, headKeyValue, tttLoss } from './ttt-unroll.js';
export type { HeadKv, HeadParams, TttFutureSlots, TttTensors } from './ttt-unroll.js';
export { gatheredRope, ropeTable, rmsNorm } from './ttt-graph-ops.js';
