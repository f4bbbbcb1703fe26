export * from './base-substrate.js';
export * from './dataset.js';
export * from './errors.js';
export * from './matrix.js';
export * from './rng.js';
export * from './scoring.js';
export * from './substrate.js';
