import { defineConfig } from 'vitest/config';

// Three projects: `unit` needs nothing, `integration` gets its own DynamoDB Local from the global setup,
// `e2e` talks HTTP to a running stack at API_URL (npm test starts one; or npm start and set API_URL).
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/functions/**/*.test.ts'],
          globalSetup: ['tests/support/dynamodb-local.global-setup.ts'],
          setupFiles: ['tests/support/integration-env.ts'],
          // Password hashing is deliberately slow; a test that registers several users needs the room.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          setupFiles: ['tests/support/e2e-env.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
