import type { Engine } from '../rules/engine.js';

/** chartFor renders the crash chart of the last `windowMs` from the engine's history (null: nothing to draw). */
export function chartFor(_engine: Engine, _windowMs: number): Buffer | null {
  return null;
}
