import { symbolicFactory } from './symbolic-substrate.js';

export { type GrowthLimits, growTree, reach, SortedColumns, type TreeNode, type TreeTarget } from './cart.js';
export { DEFAULT_CONFIG, resolveConfig, type SymbolicConfig } from './config.js';
export { type LearnedTree, learnTrees, type TreeSpec, treeSpecs } from './learner.js';
export { type Complexity, type Literal, type ModelTree, RuleModel, type RuleView } from './rule-model.js';
export { SymbolicSubstrate, symbolicFactory } from './symbolic-substrate.js';

/** The registry entry: the symbolic substrate's factory. */
export default symbolicFactory;
