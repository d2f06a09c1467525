// What every property audit of one model shares: the model, its structure, the input precision, the
// conditioning of its factors, and the random equivalent models drawn once for all properties.
import type { AuditModel } from './model.js';
import type { Structure } from './structure.js';

export interface AuditOptions {
  /** Random invertible reparameterisations shared by all properties. */
  randomDraws: number;
  /** Junk draws per property, when the model is not diverse. */
  junkDraws: number;
  seed: number;
}

export const DEFAULT_AUDIT_OPTIONS: AuditOptions = { randomDraws: 6, junkDraws: 4, seed: 13 };

export interface AuditContext {
  model: AuditModel;
  structure: Structure;
  /** Unit roundoff of the input dtype. */
  u: number;
  dtype: string;
  /** σ₁/σ_k of F and of G₀ (k their ranks): how well E and Γ are determined. */
  kappaF: number;
  kappaG0: number;
  shared: AuditModel[];
  options: AuditOptions;
}
