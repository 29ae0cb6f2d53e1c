import { defineConfuProject } from '@internal/vitest-config';

export default defineConfuProject({ testTimeout: 120_000 });
