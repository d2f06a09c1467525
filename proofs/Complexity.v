(* C5 (effective complexity), over any field: r = rank L <= d; L factors
   through dimension r with both factors of full column rank (a minimal,
   diverse model); no model of dimension < r has the same log-odds. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Complexity.
Variable K : fieldType.
Variables n m : nat.

(* C5: r <= rank F, r <= rank G0, hence r <= d. *)
Theorem eff_complexity_le_ranks d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  (eff_complexity Fm G0 <= minn (\rank Fm) (\rank G0))%N.
Proof.
rewrite leq_min /eff_complexity /L_of mxrankM_maxl /=.
by rewrite -(mxrank_tr G0) mxrankM_maxr.
Qed.

Theorem eff_complexity_le_dim d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  (eff_complexity Fm G0 <= d)%N.
Proof.
apply: leq_trans (eff_complexity_le_ranks Fm G0) _.
by rewrite geq_min rank_leq_col.
Qed.

(* C5: no factorisation through a smaller dimension: any model (Fk, Gk) of
   dimension k with the same log-odds has k >= r. *)
Theorem no_smaller_model d k (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fk : 'M[K]_(n,k)) (Gk : 'M[K]_(m,k)) :
  L_of Fk Gk = L_of Fm G0 -> (eff_complexity Fm G0 <= k)%N.
Proof. by rewrite /eff_complexity => <-; apply: eff_complexity_le_dim. Qed.

(* Rank factorisation of any matrix through dimension \rank L, with both
   factors of full column rank. *)
Lemma rank_factorisation (L : 'M[K]_(n,m)) :
  [/\ L = col_base L *m ((row_base L)^T)^T,
      \rank (col_base L) = \rank L & \rank (row_base L)^T = \rank L].
Proof.
split; first by rewrite trmxK mulmx_base.
  exact/eqP/col_base_full.
by rewrite mxrank_tr; apply/eqP/row_base_free.
Qed.

(* C5: the minimal model (alpha, beta) = (col_base L, row_base L ^T) has the
   same log-odds, dimension r = rank L, and is diverse. *)
Theorem minimal_model d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  [/\ L_of (red_alpha Fm G0) (red_beta Fm G0) = L_of Fm G0,
      reduced_model Fm G0 (red_alpha Fm G0) (red_beta Fm G0)
    & diverse (red_alpha Fm G0) (red_beta Fm G0)].
Proof.
have [e ra rb] := rank_factorisation (L_of Fm G0).
split.
- by rewrite /L_of /red_alpha /red_beta trmxK mulmx_base.
- by split=> //; rewrite /L_of /red_alpha /red_beta trmxK mulmx_base.
by rewrite /diverse /f_diverse /g_diverse /red_alpha /red_beta ra rb !eqxx.
Qed.

(* C5: the effective complexity is the least dimension of a model with the
   given log-odds: attained by the minimal model, and a lower bound. *)
Theorem eff_complexity_least d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  (exists (Fr : 'M[K]_(n, eff_complexity Fm G0)) (Gr : 'M[K]_(m, eff_complexity Fm G0)),
     L_of Fr Gr = L_of Fm G0 /\ diverse Fr Gr) /\
  (forall k (Fk : 'M[K]_(n,k)) (Gk : 'M[K]_(m,k)),
     L_of Fk Gk = L_of Fm G0 -> (eff_complexity Fm G0 <= k)%N).
Proof.
split; last by move=> k Fk Gk; apply: no_smaller_model.
have [e _ dv] := minimal_model Fm G0.
by exists (red_alpha Fm G0), (red_beta Fm G0).
Qed.

End Complexity.
