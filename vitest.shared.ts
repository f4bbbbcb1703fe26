import { defineConfig } from 'vitest/config';

// Every package resolves workspace imports to their TypeScript sources (the `@scrutable/source`
// export condition), so tests run without a prior build.
export default defineConfig({
  resolve: { conditions: ['@scrutable/source'] },
  ssr: { resolve: { conditions: ['@scrutable/source'] } },
  test: {
    include: ['src/**/*.test.ts', '*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
