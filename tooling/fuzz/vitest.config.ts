import { defineConfuProject } from '@internal/vitest-config';

export default defineConfuProject();
