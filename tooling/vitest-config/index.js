// @ts-check
// Plain JS on purpose: vitest hands workspace packages to Node, which cannot load .ts on Node 20.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineProject } from 'vitest/config';

const source = '@confu/source';

/**
 * Shared per-package vitest project: resolves workspace packages to their `src` through the
 * `@confu/source` export condition, so tests never need a build.
 * @param {{ testTimeout?: number }} [overrides]
 */
export function defineConfuProject(overrides = {}) {
  return defineProject({
    resolve: { conditions: [source, ...defaultClientConditions] },
    environments: { ssr: { resolve: { conditions: [source, ...defaultServerConditions] } } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
      environment: 'node',
      restoreMocks: true,
      clearMocks: true,
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: 120_000,
    },
  });
}
