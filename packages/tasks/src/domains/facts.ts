import { check, Rng } from '@scrutable/core';
import {
  argmax,
  assembleTask,
  classTarget,
  ExampleTable,
  forcedCategory,
  type LatentSpec,
  setOneHot,
  tableBits,
} from '../table.js';
import type { TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/** Sizes per level (index = level - 1). */
const LEVELS = [
  { entities: 16, relations: 3, attributes: 4, paraphrases: 4 },
  { entities: 24, relations: 4, attributes: 6, paraphrases: 4 },
  { entities: 32, relations: 5, attributes: 8, paraphrases: 5 },
  { entities: 48, relations: 6, attributes: 10, paraphrases: 5 },
  { entities: 64, relations: 8, attributes: 12, paraphrases: 6 },
] as const;

/** Slots of the input; each holds one token as a one-hot block. */
const SLOTS = 3;
/** Filler tokens that fill the slot holding neither entity nor relation. */
const FILLERS = 4;
/** Fraction of each fact's paraphrases held out for test (at least one). */
const TEST_FRACTION = 0.25;

/** Where a paraphrase puts the entity and relation, and which filler takes the remaining slot. */
interface Template {
  readonly entitySlot: number;
  readonly relationSlot: number;
  readonly filler: number;
}

/** The 6 ordered (entity slot, relation slot) pairs of 3 slots. */
const SLOT_ORDERS: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [0, 2],
  [1, 0],
  [1, 2],
  [2, 0],
  [2, 1],
];

/** Latents in order: the query's entity and relation, and the answer. */
function latentSpecs(sizes: (typeof LEVELS)[number]): LatentSpec[] {
  return [
    { name: 'entity', kind: 'categorical', categories: sizes.entities },
    { name: 'relation', kind: 'categorical', categories: sizes.relations },
    { name: 'attribute', kind: 'categorical', categories: sizes.attributes },
  ];
}

function generate(level: number, seed: number): TaskInstance {
  const sizes = LEVELS[level - 1]!;
  const { entities, relations, attributes, paraphrases } = sizes;
  const rng = new Rng(seed);
  const tokens = entities + relations + FILLERS;
  const width = SLOTS * tokens;

  // Each paraphrase gets its own slot order (there are at most 6 paraphrases) and a filler token.
  const orderRng = rng.fork('templates');
  const orders = orderRng.permutation(SLOT_ORDERS.length);
  const templates: Template[] = Array.from({ length: paraphrases }, (_, i) => {
    const [entitySlot, relationSlot] = SLOT_ORDERS[orders[i]!]!;
    return { entitySlot, relationSlot, filler: orderRng.int(FILLERS) };
  });
  const factRng = rng.fork('facts');
  const facts = Array.from({ length: entities * relations }, (_, f) => ({
    entity: Math.floor(f / relations),
    relation: f % relations,
    attribute: factRng.int(attributes),
  }));

  const encode = (entity: number, relation: number, paraphrase: number): Float32Array => {
    check(
      Number.isInteger(entity) && entity >= 0 && entity < entities,
      `facts.encode: entity must be in 0..${entities - 1}`,
    );
    check(
      Number.isInteger(relation) && relation >= 0 && relation < relations,
      `facts.encode: relation must be in 0..${relations - 1}`,
    );
    check(
      Number.isInteger(paraphrase) && paraphrase >= 0 && paraphrase < paraphrases,
      `facts.encode: paraphrase must be in 0..${paraphrases - 1}`,
    );
    const t = templates[paraphrase]!;
    const input = new Float32Array(width);
    for (let slot = 0; slot < SLOTS; slot++) {
      const token =
        slot === t.entitySlot
          ? entity
          : slot === t.relationSlot
            ? entities + relation
            : entities + relations + t.filler;
      setOneHot(input, slot * tokens, token);
    }
    return input;
  };
  const neighbourhood = (fact: number): number[] => {
    check(
      Number.isInteger(fact) && fact >= 0 && fact < facts.length,
      `facts.neighbourhood: fact must be in 0..${facts.length - 1}`,
    );
    const relation = facts[fact]!.relation;
    return facts.flatMap((f, i) => (f.relation === relation && i !== fact ? [i] : []));
  };

  // Causal model: (entity, relation) -> attribute -> target. The slots are read by token kind.
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    let entity = 0;
    let relation = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      const token = argmax(input, slot * tokens, tokens);
      if (token < entities) entity = token;
      else if (token < entities + relations) relation = token - entities;
    }
    entity = forcedCategory(overrides, 0, entity, entities);
    relation = forcedCategory(overrides, 1, relation, relations);
    const attribute = forcedCategory(
      overrides,
      2,
      facts[entity * relations + relation]!.attribute,
      attributes,
    );
    return {
      latents: Float32Array.of(entity, relation, attribute),
      targets: classTarget(attributes, attribute),
    };
  };

  const latents = latentSpecs(sizes);
  const table = new ExampleTable(width, attributes, latents.length, facts.length * paraphrases);
  const train: number[] = [];
  const test: number[] = [];
  const heldOut = Math.max(1, Math.round(paraphrases * TEST_FRACTION));
  const splitRng = rng.fork('split');
  facts.forEach((fact) => {
    const testParaphrases = new Set(splitRng.permutation(paraphrases).slice(0, heldOut));
    for (let p = 0; p < paraphrases; p++) {
      const input = encode(fact.entity, fact.relation, p);
      const row = table.add({ input, ...groundTruth(input, new Map()) });
      (testParaphrases.has(p) ? test : train).push(row);
    }
  });
  const tokenNames = [
    ...Array.from({ length: entities }, (_, i) => `e${i}`),
    ...Array.from({ length: relations }, (_, i) => `r${i}`),
    ...Array.from({ length: FILLERS }, (_, i) => `f${i}`),
  ];
  return assembleTask({
    domain: 'facts',
    level,
    seed,
    inputNames: Array.from({ length: SLOTS }, (_, s) => tokenNames.map((t) => `s${s}_${t}`)).flat(),
    heads: [{ name: 'attribute', kind: 'class', size: attributes }],
    latents,
    table,
    trainRows: rng.fork('order').shuffle(train),
    testRows: test,
    complexity: tableBits(facts.length * paraphrases, attributes),
    structure: {
      domain: 'facts',
      entities,
      relations,
      attributes,
      paraphrases,
      facts,
      encode,
      neighbourhood,
    },
    groundTruth,
  });
}

/** Entity x relation -> attribute facts asked in several paraphrases; the level grows every size. */
export const factsDomain: DomainModule = {
  info: {
    id: 'facts',
    description: 'Entity x relation -> attribute lookups, each asked in several surface forms (paraphrases).',
    latents: latentSpecs(LEVELS[0]).map((l) => l.name),
    levels: [1, 5],
  },
  generate,
};
