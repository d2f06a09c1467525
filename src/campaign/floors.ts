// Scaling every floor of the engine by one factor, for tests and mutants that check the decisions are
// exercised at their boundary (src/engine/tolerance.ts: every floor is multiplied by floorScale).
import type { Tolerances } from '../engine/tolerance.js';

export function scaleFloors(t: Tolerances, k: number): Tolerances {
  return { ...t, floorScale: t.floorScale * k };
}
