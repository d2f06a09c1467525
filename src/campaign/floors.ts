// Scaling every precision floor of the engine by one factor, for tests and mutants that check the
// decisions are exercised at their boundary. The engine of issue 10 reads Tolerances.floorScale; the
// engine before it reads rankRtol and baseTol, which are scaled too. When the engine that derives its
// floors from rounding-error analysis is merged, keep only floorScale here (else floors scale twice).
import type { Tolerances } from '../engine/tolerance.js';

export function scaleFloors(t: Tolerances, k: number): Tolerances {
  return { ...t, floorScale: (t.floorScale ?? 1) * k, rankRtol: t.rankRtol * k, baseTol: t.baseTol * k };
}
