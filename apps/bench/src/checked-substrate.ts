import type {
  Intervention,
  Matrix,
  Observation,
  ObserveOptions,
  RunOptions,
  Substrate,
} from '@scrutable/core';

/**
 * A substrate returned output that cannot be scored: NaN or infinite values, or a matrix of the wrong
 * shape. The cell that met it fails with this error instead of being scored.
 */
export class SubstrateOutputError extends Error {
  override readonly name = 'SubstrateOutputError';
  constructor(
    /** The call that returned it: predict, observe or intervene. */
    readonly call: string,
    readonly problem: string,
  ) {
    super(`${call} returned ${problem}`);
  }
}

/** Why `output` is not a finite rows x cols matrix, or undefined when it is one. */
function matrixProblem(output: Matrix | undefined, rows: number, cols: number): string | undefined {
  if (!output || !ArrayBuffer.isView(output.data)) return 'no matrix';
  if (output.rows !== rows || output.cols !== cols || output.data.length !== rows * cols)
    return `a ${output.rows}x${output.cols} matrix holding ${output.data.length} values, expected ${rows}x${cols}`;
  const bad = output.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    return `a non-finite value (${output.data[bad]}) at row ${Math.floor(bad / cols)}, column ${bad % cols}`;
  return undefined;
}

/**
 * Wraps a substrate so every predict, observe and intervene result is checked: finite values, one row
 * per input, one column per output (or per unit of an observed site). A bad result throws
 * SubstrateOutputError, and the first one is kept in `violation`, so the cell fails even when an
 * analysis caught the error and went on.
 */
export class CheckedSubstrate {
  violation: SubstrateOutputError | undefined;
  readonly substrate: Substrate;

  constructor(inner: Substrate) {
    const fail = (call: string, problem: string): never => {
      const error = new SubstrateOutputError(call, problem);
      this.violation ??= error;
      throw error;
    };
    const outputWidth = () => inner.heads.reduce((sum, h) => sum + h.size, 0);
    const checkOutputs = (call: string, inputs: Matrix, output: Matrix): Matrix => {
      const problem = matrixProblem(output, inputs.rows, outputWidth());
      return problem ? fail(call, problem) : output;
    };
    this.substrate = new Proxy(inner, {
      get: (target, key) => {
        if (key === 'predict')
          return async (inputs: Matrix, options?: RunOptions) =>
            checkOutputs('predict', inputs, await target.predict(inputs, options));
        if (key === 'intervene')
          return async (
            inputs: Matrix,
            interventions: Intervention | readonly Intervention[],
            options?: RunOptions,
          ) => checkOutputs('intervene', inputs, await target.intervene(inputs, interventions, options));
        if (key === 'observe')
          return async (inputs: Matrix, options?: ObserveOptions) => {
            const observation: Observation = await target.observe(inputs, options);
            const sizes = new Map(target.units().map((u) => [u.site, u.size]));
            for (const [site, states] of Object.entries(observation?.states ?? {})) {
              const problem = matrixProblem(states, inputs.rows, sizes.get(site) ?? states?.cols ?? 0);
              if (problem) fail('observe', `at site '${site}' ${problem}`);
            }
            return observation;
          };
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
