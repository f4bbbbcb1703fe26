import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../../vitest.shared.js';

// Benchmarks run only when asked for: `npx vitest run --config benchmarks/vitest.config.ts`.
export default mergeConfig(
  shared,
  defineConfig({ test: { include: ['benchmarks/**/*.bench.test.ts'], testTimeout: 1_800_000 } }),
);
