import type { TaskInstance } from '@scrutable/tasks';
import { outputVariables } from './outputs.js';

/**
 * What a task offers the analyses, decided by its design before any substrate is read. A family
 * applies to a task by these traits, never by what a substrate scored, so a new task slots in by what
 * it declares (a user's CSV task without a causal model, say, gets no intervention family).
 */
export interface TaskTraits {
  /** Ground-truth latents come with the examples. */
  readonly latents: boolean;
  /** Some latent is binary or categorical (a value to move it to exists). */
  readonly discreteLatents: boolean;
  /** The task answers for an input with latents forced: counterfactual outputs exist. */
  readonly causalModel: boolean;
  /** Output variables that are a class or a bit (what steering and description act on). */
  readonly discreteOutputs: number;
  /** Intermediate gates of a circuit: interchange-intervention targets. */
  readonly circuit: boolean;
  /** Inputs are (a, b) of modular addition: the Fourier analysis applies. */
  readonly modular: boolean;
  /** A table of facts with paraphrases: rank-one fact editing applies. */
  readonly factTable: boolean;
  /** Concept masks per example: unit dissection applies. */
  readonly conceptMasks: boolean;
  /** Each test example paired with a counterfactual input (a maze without cheese): steering by pairs. */
  readonly pairedInputs: boolean;
}

/** The traits of a generated task: its latents, heads and structure, and whether it has a causal model. */
export function taskTraits(task: TaskInstance): TaskTraits {
  const latents = task.train.latents;
  const structure = task.structure as { readonly domain?: string } | undefined;
  const domain = structure?.domain;
  return {
    latents: latents.length > 0,
    discreteLatents: latents.some((l) => l.kind !== 'continuous'),
    causalModel: task.hasCausalModel !== false,
    discreteOutputs: outputVariables(task.heads).filter((v) => v.kind !== 'real').length,
    circuit: domain === 'boolean',
    modular: domain === 'modadd',
    factTable: domain === 'facts',
    conceptMasks: domain === 'shapes',
    pairedInputs: domain === 'gridworld',
  };
}
