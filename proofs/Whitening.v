(* C16 (whitening / causal inner product, formalised after Park et al.), over
   any field.  Over the reals the whitened centred unembeddings are
   Cov(g)^-1/2 (g - mean g) and their Gram matrix is G_c Cov^-1 G_c^T (up to
   the factor V).  Square roots do not exist in a general field, so the
   statement is about that Gram matrix G_c (G_c^T G_c)^-1 G_c^T: it is the
   same for linearly equivalent models, hence (C3) for diverse models with
   equal log-odds; equal Gram matrices is what "whitened unembeddings differ
   by an orthogonal matrix" means over the reals. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Pivot Diversity.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Whitening.
Variable K : fieldType.

(* Gram matrix of the whitened centred unembeddings. *)
Definition gram_whitened V d (Gc : 'M[K]_(V,d)) : 'M[K]_V :=
  Gc *m invmx (Gc^T *m Gc) *m Gc^T.

Lemma centre_by_mulmx V d d' (G : 'M[K]_(V,d)) (N : 'M[K]_(d,d')) (w : 'rV[K]_V) :
  centre_by (G *m N) w = centre_by G w *m N.
Proof. by rewrite /centre_by mulmxBl !mulmxA. Qed.

Lemma centre_by_shift V d (G : 'M[K]_(V,d)) (r : 'rV[K]_d) (w : 'rV[K]_V) :
  weights w -> centre_by (G - (ones V)^T *m r) w = centre_by G w.
Proof.
move=> hw; rewrite /centre_by mulmxBr mulmxBr !mulmxA.
by rewrite -(mulmxA (ones V)^T w (ones V)^T) hw mulmx1 opprB addrA subrK.
Qed.

(* Centring the unembedding differences is centring the unembeddings. *)
Lemma centred_unemb_diff V d (G : 'M[K]_(V,d)) (p : 'I_V) :
  V%:R != 0 :> K -> centred (unemb_diff G p) = centred G.
Proof. by move=> hV; rewrite /centred /unemb_diff centre_by_shift //; apply: mean_weights. Qed.

(* The whitened Gram matrix is invariant under G_c -> G_c N, N invertible. *)
Theorem whitened_gram_invariant V d (Gc Gc' : 'M[K]_(V,d)) (N : 'M[K]_d) :
  N \in unitmx -> Gc'^T *m Gc' \in unitmx -> Gc = Gc' *m N ->
  gram_whitened Gc = gram_whitened Gc'.
Proof.
move=> uN uS ->; rewrite /gram_whitened trmx_mul.
have uNt : N^T \in unitmx by rewrite unitmx_tr.
rewrite !mulmxA -(mulmxA _ Gc'^T) invmx_mulmx ?unitmx_mul ?uNt ?uS //.
by rewrite invmx_mulmx // !mulmxA mulmxK // -!mulmxA mulKmx.
Qed.

(* C16: two diverse models with equal log-odds (same d) have the same Gram
   matrix of whitened centred unembeddings (V invertible in K, covariance of
   model 2 invertible). *)
Theorem whitening_invariance n V d (Fm Fm' : 'M[K]_(n,d)) (G G' : 'M[K]_(V,d))
    (p : 'I_V) :
  V%:R != 0 :> K ->
  diverse Fm (unemb_diff G p) -> diverse Fm' (unemb_diff G' p) ->
  (centred G')^T *m centred G' \in unitmx ->
  log_odds Fm G p = log_odds Fm' G' p ->
  gram_whitened (centred G) = gram_whitened (centred G').
Proof.
move=> hV h h' uS; rewrite !log_odds_unemb_diff => /(linear_identifiability h h').
case=> M uM [_ eG].
apply: (@whitened_gram_invariant _ _ _ _ (invmx M)) => //; first by rewrite unitmx_inv.
by rewrite -(centred_unemb_diff G p hV) -(centred_unemb_diff G' p hV) eG
  /centred centre_by_mulmx.
Qed.

End Whitening.
