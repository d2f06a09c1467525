// Generation profiles. 'default' is the campaign CI runs on every change; 'stress' draws the sizes and
// conditioning where decisions are hard: n and V up to 64, d up to 24, cond(M) up to 1e8, junk scaled
// from 1e-10 to 1e8, and near misses closer to the precision floor. Arbitraries read the active profile
// when they generate (see profiled()), so the claims' arbitraries, built once at import, follow it.
import fc from 'fast-check';

export const PROFILES = ['default', 'stress'] as const;
export type Profile = (typeof PROFILES)[number];

let active: Profile = 'default';

export function setProfile(p: Profile): void {
  active = p;
}

export function activeProfile(): Profile {
  return active;
}

export function isProfile(s: string): s is Profile {
  return (PROFILES as readonly string[]).includes(s);
}

/** Default budgets are divided by this in a profile (stress cases are up to 64× larger). */
export const BUDGET_DIVISOR: Record<Profile, number> = { default: 1, stress: 10 };

/**
 * An arbitrary built per profile on first use and delegated to: generation and shrinking both use the
 * arbitrary of the profile active at the time (a campaign sets the profile before running a claim).
 */
class ProfiledArbitrary<T> extends fc.Arbitrary<T> {
  private readonly built = new Map<Profile, fc.Arbitrary<T>>();
  constructor(private readonly build: (p: Profile) => fc.Arbitrary<T>) {
    super();
  }
  private current(): fc.Arbitrary<T> {
    let a = this.built.get(active);
    if (!a) this.built.set(active, (a = this.build(active)));
    return a;
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.current().generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.current().canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.current().shrink(value, context);
  }
}

export function profiled<T>(build: (p: Profile) => fc.Arbitrary<T>): fc.Arbitrary<T> {
  return new ProfiledArbitrary(build);
}
