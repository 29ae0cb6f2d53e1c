// @ts-check
// The package layers of the repository, lowest first: the one place that says which workspace
// package may depend on which. `tooling/check-architecture.mjs` (run by `pnpm lint`) fails when a
// package depends, in package.json or by an import under src/ or test/, on a package of a higher
// layer or on one it must never reach; `--write` regenerates the package lists of README.md and
// docs/architecture/overview.md from these layers and the package.json descriptions.

/** @typedef {{ readonly name: string, readonly packages: readonly string[] }} Layer */

/** @type {readonly Layer[]} */
export const layers = [
  { name: 'contracts', packages: ['@confu/core', '@confu/errors'] },
  { name: 'runtime', packages: ['@confu/runtime'] },
  { name: 'formats and math', packages: ['@confu/onnx', '@confu/sampler', '@confu/tokenizer'] },
  { name: 'checkpoints', packages: ['@confu/checkpoint'] },
  { name: 'graphs', packages: ['@confu/model-builder'] },
  // Below the model: the model's tests run real graphs on the node adapter.
  {
    name: 'runtime adapters',
    packages: ['@confu/runtime-onnx-common', '@confu/runtime-onnx-node', '@confu/runtime-onnx-web'],
  },
  { name: 'model', packages: ['@confu/model'] },
  { name: 'drafting', packages: ['@confu/draft'] },
  { name: 'verification', packages: ['@confu/verifier'] },
  { name: 'generation', packages: ['@confu/engine'] },
  { name: 'loading', packages: ['@confu/model-loader', '@confu/llm'] },
  { name: 'tools', packages: ['@confu/hub', '@confu/gguf'] },
  { name: 'platforms', packages: ['@confu/node', '@confu/browser'] },
  { name: 'training', packages: ['@confu/trainer'] },
  { name: 'apps', packages: ['@app/cli', '@app/server', '@app/web'] },
];

/**
 * Dependencies a package must never have, whatever the layers allow (dependencies,
 * devDependencies and imports, types included): the decode loop knows drafting methods only
 * through the `@confu/core` contracts, never through how graphs and checkpoints are made.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
export const forbidden = {
  '@confu/verifier': [
    '@confu/model-builder',
    '@confu/onnx',
    '@confu/checkpoint',
    '@confu/draft-head',
    'onnx-proto',
  ],
  '@confu/engine': [
    '@confu/model-builder',
    '@confu/onnx',
    '@confu/checkpoint',
    '@confu/draft-head',
    'onnx-proto',
  ],
};

/** Where each package runs, for the package table of README.md. @type {Readonly<Record<string, string>>} */
export const runsIn = {
  '@confu/core': 'everywhere (types only)',
  '@confu/errors': 'everywhere',
  '@confu/runtime': 'everywhere',
  '@confu/onnx': 'everywhere',
  '@confu/sampler': 'everywhere',
  '@confu/tokenizer': 'everywhere',
  '@confu/checkpoint': 'everywhere (`./node` for files)',
  '@confu/model-builder': 'everywhere',
  '@confu/model': 'everywhere',
  '@confu/runtime-onnx-common': 'Node, browser (inside the adapters)',
  '@confu/runtime-onnx-node': 'Node',
  '@confu/runtime-onnx-web': 'browser, Node (wasm)',
  '@confu/draft': 'everywhere',
  '@confu/verifier': 'everywhere',
  '@confu/engine': 'everywhere',
  '@confu/model-loader': 'everywhere',
  '@confu/llm': 'everywhere',
  '@confu/hub': 'Node',
  '@confu/gguf': 'everywhere (`./node` for files)',
  '@confu/node': 'Node',
  '@confu/browser': 'browser',
  '@confu/trainer': 'everywhere (`./node` for files)',
  '@app/cli': 'Node',
  '@app/server': 'Node',
  '@app/web': 'browser',
};
