import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Five suites, run in this order by `npm test` (scripts/test.ts): fast pure tests first, then the suites that
// need the real local services or a real browser. Each can be run alone: `npx vitest run --project unit`.
// The SDK warns on every client under Node 20 (support ends in 2027); it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The web's pure logic (form rules, the 409 rebase, audit wording, session rules), tested beside it in
        // web/src. Plain TypeScript modules only: the aliases are SvelteKit's, no Svelte compiler is involved.
        resolve: {
          alias: {
            $lib: fileURLToPath(new URL('./web/src/lib', import.meta.url)),
            $shared: fileURLToPath(new URL('./shared', import.meta.url)),
          },
        },
        test: {
          name: 'web-unit',
          include: ['web/src/**/*.test.ts'],
          environment: 'node',
          // Dates and timestamps are formatted in the viewer's zone: fix it so the expected words are stable.
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          // The local stand-ins themselves (services, bootstrap, stream poller), each test on its own data.
          name: 'local-runtime',
          include: ['test/local-runtime/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One local stack is shared by every file; files run one at a time so that timing-sensitive
          // checks (stream lag) are not starved on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
