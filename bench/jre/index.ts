// The json-rules-engine implementation of DESIGN §4's rules, for the bench's comparison (issue 2).
export { createJreEvaluator, type JreEvaluator } from './evaluator.js';
export { firedFromEngine, firstDifference, firedLine, type FiredAlert } from './fired.js';
export { measureJre, type JreMeasure } from './measure.js';
export { compareOnSlice, readSlice, DEFAULT_SLICE, type SliceComparison, type SliceOptions } from './compare.js';
