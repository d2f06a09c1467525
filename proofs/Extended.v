(* C6 (extended linear identifiability) and C15 (~EL is an equivalence
   relation with a canonical member), over any field, with reductions as
   arbitrary full-column-rank factorisations L = alpha beta^T.  These are the
   general-field lemmas; the statements on the models (F, G0), with the
   reduced models built on bases of R = P_Gamma(E), are in Identifiable.v
   (over a real field, through the structure lemma of Structure.v).

   Reduction: a reduced model of (F, G0) is any pair (alpha, beta) of full
   column rank r with L = alpha beta^T (Defs.reduced_model).  Every model has
   one (the canonical red_alpha/red_beta, built from MathComp's row-echelon
   bases col_base/row_base), r is always rank L, and any two reductions of
   one model are ~L -- so ~EL does not depend on the chosen bases. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Pivot Diversity Complexity.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Extended.
Variable K : fieldType.
Variables n m : nat.

Lemma reduced_diverse d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (a : 'M[K]_(n,r)) (b : 'M[K]_(m,r)) :
  reduced_model Fm G0 a b -> diverse a b.
Proof. by case=> _ ra rb; rewrite /diverse /f_diverse /g_diverse ra rb !eqxx. Qed.

(* C6 (a): every model has a reduced model (dimension rank L). *)
Theorem reduced_model_exists d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  reduced_model Fm G0 (red_alpha Fm G0) (red_beta Fm G0).
Proof. by case: (minimal_model Fm G0). Qed.

(* C6: the dimension of any reduced model is the effective complexity. *)
Theorem reduced_model_dim d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (a : 'M[K]_(n,r)) (b : 'M[K]_(m,r)) :
  reduced_model Fm G0 a b -> r = eff_complexity Fm G0.
Proof.
case=> e ra rb; rewrite /eff_complexity e; apply/eqP; rewrite eqn_leq.
apply/andP; split; last first.
  by apply: leq_trans (mxrankM_maxl _ _) _; rewrite ra.
have /row_fullP [A hA] : row_full a by rewrite /row_full ra.
rewrite -[X in (X <= _)%N]rb -mxrank_tr.
have eb : b^T = A *m (a *m b^T) by rewrite mulmxA hA mul1mx.
by rewrite {1}eb mxrankM_maxr.
Qed.

(* Any reduced model of a model reproduces its log-odds. *)
Lemma reduced_model_L d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (a : 'M[K]_(n,r)) (b : 'M[K]_(m,r)) :
  reduced_model Fm G0 a b -> L_of a b = L_of Fm G0.
Proof. by case=> ->. Qed.

(* C6 (b), strong form: for ANY reduced models (alpha, beta) of model 1 and
   (alpha~, beta~) of model 2 of the same dimension r:
   equal log-odds <=> exists M in GL(r), alpha = alpha~ M^T, beta = beta~ M^-1. *)
Theorem extended_linear_identifiability_reductions d d' r
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (a a' : 'M[K]_(n,r)) (b b' : 'M[K]_(m,r)) :
  reduced_model Fm G0 a b -> reduced_model Fm' G0' a' b' ->
  (L_of Fm G0 = L_of Fm' G0' <-> lin_equiv a b a' b').
Proof.
move=> h h'; rewrite -(reduced_model_L h) -(reduced_model_L h').
exact: linear_identifiability (reduced_diverse h) (reduced_diverse h').
Qed.

(* C6, the fitting procedure of theory.md: when the log-odds agree, the
   witness is M^T = pinv(alpha~) alpha. *)
Theorem extended_linear_identifiability_witness d d' r
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (a a' : 'M[K]_(n,r)) (b b' : 'M[K]_(m,r)) :
  reduced_model Fm G0 a b -> reduced_model Fm' G0' a' b' ->
  L_of Fm G0 = L_of Fm' G0' ->
  let M := (pinvmx a' *m a)^T in
  [/\ M \in unitmx, a = a' *m M^T & b = b' *m invmx M].
Proof.
move=> h h' e; have /andP [_ hb] := reduced_diverse h.
have /andP [ha' hb'] := reduced_diverse h'.
apply: linear_identifiability_witness => //.
by rewrite (reduced_model_L h) (reduced_model_L h').
Qed.

(* C6: reductions of different dimensions mean different log-odds (r = r~
   is necessary). *)
Theorem reduced_dim_mismatch d d' r r'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (a : 'M[K]_(n,r)) (b : 'M[K]_(m,r)) (a' : 'M[K]_(n,r')) (b' : 'M[K]_(m,r')) :
  reduced_model Fm G0 a b -> reduced_model Fm' G0' a' b' -> r <> r' ->
  L_of Fm G0 <> L_of Fm' G0'.
Proof.
move=> h h' ne e; apply: ne.
by rewrite (reduced_model_dim h) (reduced_model_dim h') /eff_complexity e.
Qed.

(* C6 (the paper's main identifiability theorem, formalised after it):
   for any d, d~, equal log-odds <=> ~EL. *)
Theorem extended_linear_identifiability d d'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  L_of Fm G0 = L_of Fm' G0' <-> ext_lin_equiv Fm G0 Fm' G0'.
Proof.
split=> [e | [r [a [a' [b [b' [h h' eq]]]]]]]; last first.
  by apply/(extended_linear_identifiability_reductions h h').
have h := reduced_model_exists Fm G0.
have h' : reduced_model Fm' G0' (red_alpha Fm G0) (red_beta Fm G0).
  by case: h => e1 r1 r2; split=> //; rewrite -e.
exists (eff_complexity Fm G0), (red_alpha Fm G0), (red_alpha Fm G0).
exists (red_beta Fm G0), (red_beta Fm G0); split=> //.
exact: lin_equiv_refl.
Qed.

(* The theory's reduction alpha = F Q, beta = G0 Q: over a field, any pair of
   d x r matrices Q, Q' with F Q Q'^T G0^T = F G0^T and rank F Q = rank G0 Q' = r
   yields a reduced model (F Q, G0 Q'); over a real field, for a basis Q of
   R = P_Gamma(E) the premises are the forward structure lemma C7
   (Structure.structure_lemma, with the dual basis; Q' = Q when Q is
   orthonormal), and Identifiable.v states C6 and C15 on those reductions. *)
Lemma basis_reduction d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Q Q' : 'M[K]_(d,r)) :
  L_of (Fm *m Q) (G0 *m Q') = L_of Fm G0 ->
  \rank (Fm *m Q) = r -> \rank (G0 *m Q') = r ->
  reduced_model Fm G0 (Fm *m Q) (G0 *m Q').
Proof. by move=> e ra rb; split. Qed.

(* C7, converse direction, over any field: a reduced model (alpha, beta)
   placed along a pair of bases Q, Q' (Q^T Q' = I; Q' = Q orthonormal over the
   reals), plus embedding junk N and unembedding junk Mj that are invisible
   (N Q' = 0, Mj Q = 0, N Mj^T = 0), gives log-odds alpha beta^T. *)
Theorem structure_converse d r (al : 'M[K]_(n,r)) (be : 'M[K]_(m,r))
    (Q Q' : 'M[K]_(d,r)) (N : 'M[K]_(n,d)) (Mj : 'M[K]_(m,d)) :
  Q^T *m Q' = 1%:M -> N *m Q' = 0 -> Mj *m Q = 0 -> N *m Mj^T = 0 ->
  L_of (al *m Q^T + N) (be *m Q'^T + Mj) = al *m be^T.
Proof.
move=> hQ hN hM hNM; rewrite /L_of linearD /= trmx_mul trmxK mulmxDl !mulmxDr.
rewrite hNM addr0 -!mulmxA (mulmxA Q^T) hQ mul1mx (mulmxA N) hN mul0mx addr0.
by rewrite -trmx_mul hM trmx0 mulmx0 addr0.
Qed.

(* ===== C15: ~EL is an equivalence relation with a canonical member ===== *)

Theorem ext_lin_equiv_refl d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  ext_lin_equiv Fm G0 Fm G0.
Proof. exact/extended_linear_identifiability. Qed.

Theorem ext_lin_equiv_sym d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  ext_lin_equiv Fm G0 Fm' G0' -> ext_lin_equiv Fm' G0' Fm G0.
Proof. by move/extended_linear_identifiability=> e; apply/extended_linear_identifiability. Qed.

(* Transitivity across three (possibly different) dimensions d1, d2, d3. *)
Theorem ext_lin_equiv_trans d1 d2 d3
    (F1 : 'M[K]_(n,d1)) (G1 : 'M[K]_(m,d1)) (F2 : 'M[K]_(n,d2)) (G2 : 'M[K]_(m,d2))
    (F3 : 'M[K]_(n,d3)) (G3 : 'M[K]_(m,d3)) :
  ext_lin_equiv F1 G1 F2 G2 -> ext_lin_equiv F2 G2 F3 G3 -> ext_lin_equiv F1 G1 F3 G3.
Proof.
move/extended_linear_identifiability=> e1 /extended_linear_identifiability e2.
by apply/extended_linear_identifiability; rewrite e1.
Qed.

(* Every model is ~EL to its minimal model (dimension r, diverse). *)
Theorem minimal_model_ext_equiv d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  ext_lin_equiv Fm G0 (red_alpha Fm G0) (red_beta Fm G0) /\
  diverse (red_alpha Fm G0) (red_beta Fm G0).
Proof.
have [e _ dv] := minimal_model Fm G0.
by split=> //; apply/extended_linear_identifiability.
Qed.

(* Two models are ~EL iff their minimal models (of equal dimension) are ~L. *)
Theorem ext_equiv_iff_minimal_lin_equiv d d' r
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (a a' : 'M[K]_(n,r)) (b b' : 'M[K]_(m,r)) :
  reduced_model Fm G0 a b -> reduced_model Fm' G0' a' b' ->
  (ext_lin_equiv Fm G0 Fm' G0' <-> lin_equiv a b a' b').
Proof.
move=> h h'; rewrite -extended_linear_identifiability.
exact: extended_linear_identifiability_reductions.
Qed.

End Extended.

(* ===== Pivot forms: the theorems for log-odds of full models (F, G). ===== *)
Section PivotForms.
Variable K : fieldType.
Variables n V : nat.

(* C6 for the log-odds against pivot p of (F, G) and (F~, G~). *)
Theorem extended_linear_identifiability_pivot d d'
    (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) (Fm' : 'M[K]_(n,d')) (G' : 'M[K]_(V,d'))
    (p : 'I_V) :
  log_odds Fm G p = log_odds Fm' G' p <->
  ext_lin_equiv Fm (G0_red G p) Fm' (G0_red G' p).
Proof.
rewrite -extended_linear_identifiability -!log_odds_red_G0.
by rewrite /log_odds_red /log_odds log_odds_red_eq.
Qed.

(* C3 for the log-odds against pivot p, with the (V-1) x d matrices G0. *)
Theorem linear_identifiability_pivot d
    (Fm Fm' : 'M[K]_(n,d)) (G G' : 'M[K]_(V,d)) (p : 'I_V) :
  diverse Fm (G0_red G p) -> diverse Fm' (G0_red G' p) ->
  (log_odds Fm G p = log_odds Fm' G' p <->
   lin_equiv Fm (G0_red G p) Fm' (G0_red G' p)).
Proof.
move=> h h'; rewrite -linear_identifiability // -!log_odds_red_G0.
by rewrite /log_odds_red /log_odds log_odds_red_eq.
Qed.

End PivotForms.
