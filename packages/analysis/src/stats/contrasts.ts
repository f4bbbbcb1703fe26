import type { CellResult, ClaimVerdict, MatchedCell } from '@scrutable/core';
import type { Family } from '../types.js';
import { bootstrap, mean } from './bootstrap.js';
import type { LevelCapability } from './capability.js';
import { familyCoverage, fmt, indexOver, type SubstrateRoles } from './cells.js';
import { claimRow, describeInterval, emptyClaimRow } from './claim-row.js';
import { MATCH_TOLERANCE, pairMatched } from './matching.js';

/** The reading-cost family: it measures how long a reading takes, so it is its own axis, not in contrasts. */
export const READING_COST_FAMILY: Family = 'observe';

/** A pre-registered contrast of a synchronous reference against an asynchronous comparator. */
export interface ContrastSpec {
  readonly id: string;
  /** What the contrast isolates, in a few words. */
  readonly title: string;
  readonly statement: string;
  /** Reference substrate ids, in order of preference on a tie (given the run's roles). */
  readonly references: (roles: SubstrateRoles) => string[];
  readonly comparator: string;
}

/** Every substrate of the dense structure (`dense` first, then the others by id): one structure, pooled. */
export function denseStructure(roles: SubstrateRoles): string[] {
  const ids = Object.keys(roles).filter((id) => roles[id]!.family === 'dense');
  return ids.sort((a, b) => (a === 'dense' ? -1 : b === 'dense' ? 1 : a.localeCompare(b)));
}

/** The three pre-registered contrasts of claim 1a (docs/metrics.md, "Pre-registered contrasts"). */
export const CONTRASTS: readonly ContrastSpec[] = [
  {
    id: '1a-A',
    title: 'asynchrony at the same function',
    statement:
      'A dense network is more interpretable than the event-driven spiking network converted from it (same weights, same function), read at its asymptote.',
    references: (roles) => (roles['dense'] ? ['dense'] : []),
    comparator: 'spiking-converted',
  },
  {
    id: '1a-B',
    title: 'asynchrony at the same local learning rule',
    statement:
      'A synchronous rate winner-take-all network is more interpretable than its spiking twin trained by the same local rule, at matched accuracy.',
    references: (roles) => (roles['wta-rate'] ? ['wta-rate'] : []),
    comparator: 'spiking',
  },
  {
    id: '1a-C',
    title: "the essay's full contrast",
    statement:
      'A dense network trained by backpropagation is more interpretable than a spiking network that learns by local plasticity, at matched accuracy.',
    references: denseStructure,
    comparator: 'spiking-plastic',
  },
];

/** Options of a contrast. */
export interface ContrastOptions {
  readonly roles: SubstrateRoles;
  readonly capabilities: ReadonlyMap<string, LevelCapability>;
  readonly seed: number;
  readonly resamples?: number;
  readonly level?: number;
  readonly weights?: Readonly<Record<string, number>>;
}

/** One matched cell's indices, ready to difference. */
interface Scored {
  readonly task: string;
  readonly cell: MatchedCell;
  readonly difference: number;
}

/** The matched cells of a contrast, each side's index over the contrast's families. */
function scoredPairs(spec: ContrastSpec, cells: readonly CellResult[], options: ContrastOptions) {
  const references = spec.references(options.roles);
  const pairing = pairMatched(cells, references, spec.comparator, options.capabilities);
  const weights = options.weights ?? {};
  const scored: Scored[] = [];
  let noFamily = 0;
  for (const { reference, comparator } of pairing.pairs) {
    // Which families a pair is scored on follows from design alone: a family applies to a task by its
    // traits and needs a capability the substrate declares, and an applicable family that finds
    // nothing scores 0, not null. So both runs' scored families are the pair's fixed set.
    const families = familyCoverage([reference, comparator], weights).used.filter(
      (f) => f !== READING_COST_FAMILY,
    );
    const ref = families.length ? indexOver(reference, families, weights) : null;
    const comp = families.length ? indexOver(comparator, families, weights) : null;
    if (ref === null || comp === null) {
      noFamily++;
      continue;
    }
    scored.push({
      task: comparator.task,
      difference: ref - comp,
      cell: {
        task: comparator.task,
        level: comparator.level,
        seed: comparator.seed,
        sides: [
          { substrate: reference.substrate, accuracy: reference.capability!.test, index: ref },
          { substrate: comparator.substrate, accuracy: comparator.capability!.test, index: comp },
        ],
      },
    });
  }
  return { references, pairing, scored, noFamily };
}

/**
 * A pre-registered contrast: reference minus comparator index over matched cells, with a CI over tasks
 * (then matched cells within each task) and its four-way verdict.
 */
export function contrastClaim(
  spec: ContrastSpec,
  cells: readonly CellResult[],
  options: ContrastOptions,
): ClaimVerdict {
  const level = options.level ?? 0.95;
  const { references, pairing, scored, noFamily } = scoredPairs(spec, cells, options);
  const ran = (id: string) => cells.some((c) => c.substrate === id && c.status === 'ok');
  const missing = [...references, spec.comparator].filter((id) => !ran(id));
  if (!references.length || missing.includes(spec.comparator))
    return emptyClaimRow(
      spec.id,
      spec.statement,
      `Not run: ${[...(references.length ? [] : ['no reference substrate']), ...missing].join(', ')} ${missing.length === 1 ? 'has' : 'have'} no finished cell in this run.`,
    );
  const families = 'the families both runs scored (fixed by the applicability table and their capabilities)';
  const base = `Reference ${references.join(', ')} against ${spec.comparator} (${spec.title}), over ${families}, the reading-cost family (${READING_COST_FAMILY}) left out. ${pairing.capableComparators} ${spec.comparator} cells are on levels where it is capable and the level is not trivial (${pairing.trivial} on trivial levels left out); ${pairing.unmatched} of them have no reference within ${MATCH_TOLERANCE} test accuracy${noFamily ? `, ${noFamily} no family scored on both sides` : ''}; ${scored.length} matched cells remain.`;
  if (!scored.length) return emptyClaimRow(spec.id, spec.statement, `${base} Nothing to compare.`);
  const tasks = [...new Set(scored.map((s) => s.task))];
  const b = bootstrap(scored, (s) => mean(s.map((x) => x.difference)), {
    seed: options.seed,
    resamples: options.resamples,
    level,
    clusters: [(s) => s.task],
  });
  const side = (i: 0 | 1) => mean(scored.map((s) => s.cell.sides[i]!.index!));
  const accuracy = (i: 0 | 1) => mean(scored.map((s) => s.cell.sides[i]!.accuracy));
  return claimRow(b, {
    id: spec.id,
    statement: spec.statement,
    tasks,
    matchedCells: scored.map((s) => s.cell),
    evidence: `${base} Mean index: reference ${fmt(side(0))}, ${spec.comparator} ${fmt(side(1))} (mean test accuracy ${fmt(accuracy(0))} and ${fmt(accuracy(1))}); difference ${fmt(b.estimate)}, ${describeInterval(b, level, 'over tasks, then matched cells within each task')}.`,
  });
}
