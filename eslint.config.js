// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const universalPackages = [
  'errors',
  'runtime',
  'tokenizer',
  'sampler',
  'model-builder',
  'model-loader',
  'model',
  'engine',
  'draft',
  'verifier',
  'trainer',
  'gguf',
].map((name) => `packages/${name}/src/**/*.ts`);

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-types/**',
      '**/node_modules/**',
      '**/*.js',
      '**/*.mjs',
      'apps/web/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-params': ['warn', 4],
    },
  },
  {
    files: universalPackages,
    ignores: [
      '**/*.test.ts',
      '**/__fixtures__/**',
      'packages/trainer/src/node/**',
      'packages/gguf/src/node/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'onnxruntime-*', '@confu/runtime-*', '@confu/*/src/*'] },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'global', 'window', 'document'],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.test.ts', '**/__fixtures__/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
