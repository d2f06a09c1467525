// The linear properties a user can audit (theory.md §3), by token and context indices (0-based). Names are
// resolved to indices by the CLI before the engine sees them.

/** C10: g(y₁) − g(y₂) ∥ g(y₃) − g(y₄)? */
export interface UnembeddingPairs {
  kind: 'unembedding-difference';
  name: string;
  /** [[y₁, y₂], [y₃, y₄]] */
  pairs: [[number, number], [number, number]];
}

/** C11: f(x₁) − f(x₂) ∥ f(x₃) − f(x₄)? */
export interface EmbeddingPairs {
  kind: 'embedding-difference';
  name: string;
  pairs: [[number, number], [number, number]];
}

/** C12: a relational string q as context pairs (s, s⊕q): f(s⊕q) = A f(s) + a? */
export interface Relational {
  kind: 'relational';
  name: string;
  pairs: [number, number][];
}

/** C13: a probe W (K × d), b (K) read on f(s) for the answer log-odds log p(y_k | s⊕q) / p(y₁ | s⊕q), k = 2…K+1. */
export interface Probe {
  kind: 'probe';
  name: string;
  pairs: [number, number][];
  /** y₁ … y_{K+1}: the first is the reference answer. */
  answers: number[];
  W: number[][];
  b: number[];
}

/** C14: adding v to every f(x) shifts every log-odds row by G₀ v. */
export interface Steering {
  kind: 'steering';
  name: string;
  v: number[];
}

export type PropertySpec = UnembeddingPairs | EmbeddingPairs | Relational | Probe | Steering;

export const PROPERTY_KINDS = ['unembedding-difference', 'embedding-difference', 'relational', 'probe', 'steering'] as const;

export const CLAIM_OF_KIND: Record<PropertySpec['kind'], string> = {
  'unembedding-difference': 'C10',
  'embedding-difference': 'C11',
  relational: 'C12',
  probe: 'C13',
  steering: 'C14',
};
