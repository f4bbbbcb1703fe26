import type { Rule } from '../rule.js';
import { ablateAll } from './ablate-all.js';
import { ablateNothing } from './ablate-nothing.js';
import { badInput } from './bad-input.js';
import { determinism } from './determinism.js';
import { editRankOne } from './edit-rank-one.js';
import { editZero } from './edit-zero.js';
import { identityClamp } from './identity-clamp.js';
import { info } from './info.js';
import { interveneErrors } from './intervene-errors.js';
import { meanAblation } from './mean-ablation.js';
import { notFitted } from './not-fitted.js';
import { observeShapes } from './observe-shapes.js';
import { parameterViews } from './parameter-views.js';
import { perRowClamp } from './per-row-clamp.js';
import { predictShape } from './predict-shape.js';
import { refitAbort } from './refit-abort.js';
import { reloaded } from './reloaded.js';
import { saveLoad } from './save-load.js';
import { unsupported } from './unsupported.js';

/** The conformance rules, in the order they run. Adding a rule is one file and one entry here. */
export const RULES: readonly Rule[] = [
  info,
  notFitted,
  predictShape,
  determinism,
  badInput,
  observeShapes,
  ablateNothing,
  ablateAll,
  interveneErrors,
  identityClamp,
  perRowClamp,
  meanAblation,
  parameterViews,
  editZero,
  editRankOne,
  refitAbort,
  saveLoad,
  unsupported,
  // Last, as it re-runs every rule above on a save/load round-tripped substrate.
  reloaded(() => RULES),
];
