import { defineConfig } from 'vitest/config';

// Projects only: root options do not flow into glob projects.
export default defineConfig({
  test: { projects: ['packages/*', 'apps/*', 'tooling/test-utils', 'tooling/fuzz'] },
});
