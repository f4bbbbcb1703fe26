import {
  BaseSubstrate,
  type Capability,
  type Dataset,
  type FitOptions,
  type FitReport,
  type Intervention,
  type Matrix,
  type Observation,
  type ObserveOptions,
  type ParameterView,
  type RunOptions,
  type Substrate,
  type SubstrateFactory,
  type UnitGroup,
} from '@scrutable/core';

/**
 * A substrate that runs another one (created by `inner`'s factory) and passes every call through;
 * the controls derive from it and change what they must. Capabilities are the inner substrate's.
 */
export abstract class DelegatingSubstrate extends BaseSubstrate {
  readonly capabilities: ReadonlySet<Capability>;
  protected inner: Substrate;

  constructor(
    protected readonly innerFactory: SubstrateFactory,
    protected readonly innerConfig?: unknown,
    inner?: Substrate,
  ) {
    super();
    this.inner = inner ?? innerFactory.create({ config: innerConfig });
    this.capabilities = new Set(this.inner.capabilities);
  }

  protected _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    return this.inner.fit(dataset, options);
  }

  protected _predict(inputs: Matrix, options: RunOptions): Promise<Matrix> {
    return this.inner.predict(inputs, options);
  }

  protected _units(): UnitGroup[] {
    return this.inner.units();
  }

  protected override _observe(
    inputs: Matrix,
    sites: readonly string[],
    options: ObserveOptions,
  ): Promise<Observation> {
    return this.inner.observe(inputs, { ...options, sites });
  }

  protected override _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
    options: RunOptions,
  ): Promise<Matrix> {
    return this.inner.intervene(inputs, interventions, options);
  }

  protected override _parameters(): ParameterView[] {
    return this.inner.parameters();
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    this.inner.applyEdit({ name, delta });
  }

  override dispose(): void {
    this.inner.dispose();
  }
}
