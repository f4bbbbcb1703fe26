import { createRequire } from 'node:module';
import path from 'node:path';
import { ScrutableError } from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { installMatMulFix } from './matmul-fix.js';

/** A TensorFlow.js backend this package can run on, named as `info.backend` reports it. */
export type BackendName = 'tfjs-node' | 'tfjs-wasm' | 'tfjs-cpu';

/** `SCRUTABLE_TF_BACKEND` values and the backend each forces. */
const FORCED: Readonly<Record<string, BackendName>> = {
  node: 'tfjs-node',
  wasm: 'tfjs-wasm',
  cpu: 'tfjs-cpu',
};

let ready: Promise<BackendName> | undefined;

/**
 * Selects and initialises the TensorFlow.js backend once per process: `tfjs-node` when
 * `@tensorflow/tfjs-node` can be imported (it is never a dependency), else wasm, else cpu.
 * The environment variable `SCRUTABLE_TF_BACKEND` (`node`, `wasm` or `cpu`) forces one.
 */
export function initBackend(): Promise<BackendName> {
  ready ??= selectBackend().catch((e: unknown) => {
    ready = undefined;
    throw e;
  });
  return ready;
}

/** The backend `SCRUTABLE_TF_BACKEND` forces (`node`, `wasm` or `cpu`), if set; BAD_CONFIG for any other value. */
export function forcedBackend(value: string | undefined): BackendName | undefined {
  if (!value) return undefined;
  const forced = FORCED[value];
  if (!forced)
    throw new ScrutableError(
      'BAD_CONFIG',
      `SCRUTABLE_TF_BACKEND='${value}' is not a backend`,
      Object.keys(FORCED),
    );
  return forced;
}

async function selectBackend(): Promise<BackendName> {
  const forced = forcedBackend(process.env.SCRUTABLE_TF_BACKEND);
  if (forced) {
    if (!(await tryBackend(forced)))
      throw new ScrutableError(
        'BAD_CONFIG',
        `SCRUTABLE_TF_BACKEND asks for ${forced}, which is not available`,
      );
    return forced;
  }
  for (const name of ['tfjs-node', 'tfjs-wasm', 'tfjs-cpu'] as const) if (await tryBackend(name)) return name;
  throw new ScrutableError('BAD_CONFIG', 'no TensorFlow.js backend could be initialised');
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tfjs-node') {
      // A variable keeps the optional package out of type-checking and bundling.
      const optional = '@tensorflow/tfjs-node';
      await import(optional);
      return await tf.setBackend('tensorflow');
    }
    if (name === 'tfjs-wasm') {
      // In Node the wasm binaries are read from disk, next to the package's entry point.
      const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(`${path.dirname(entry)}${path.sep}`);
      if (!(await tf.setBackend('wasm'))) return false;
      await tf.ready();
      installMatMulFix();
      return true;
    }
    return await tf.setBackend('cpu');
  } catch {
    return false;
  }
}
