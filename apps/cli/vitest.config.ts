import { defineConfuProject } from '@internal/vitest-config';

export default defineConfuProject({ testTimeout: 300_000 });
