import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/real-server/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Stable, plain-text error messages from @lmstudio/sdk (no boxen frames).
    env: { LMS_NO_FANCY_ERRORS: '1' },
  },
});
