(* C16 (whitening / causal inner product, formalised after Park et al.), over
   any field.
   1. [whitening_orthogonal]: for two diverse models (same d) with equal
      log-odds and ANY whitening matrices W, W~ of their covariances
      (W Cov W^T = I; over the reals Cov^-1/2 is one), the whitened centred
      unembeddings G_c W^T and G~_c W~^T differ by an orthogonal matrix O
      (O^T O = I): the statement of theory.md, with no square root taken.
   2. [whitening_invariance]: the Gram matrix G_c (G_c^T G_c)^-1 G_c^T of the
      whitened centred unembeddings (up to the factor V) is the same for both.
   Left on paper: that Cov^-1/2 exists (spectral theorem over the reals, not
   in MathComp 1.15) -- any whitening is covered, none is constructed. *)
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

(* ===== C16: whitened unembeddings differ by an orthogonal matrix ===== *)
Section WhitenedOrthogonal.
Variable K : fieldType.

(* The covariance of centred unembeddings Gc (V x d): Gc^T Gc / V. *)
Definition cov V d (Gc : 'M[K]_(V,d)) : 'M[K]_d := (V%:R)^-1 *: (Gc^T *m Gc).

(* W whitens S: W S W^T = I.  Over the reals Cov^-1/2 is one such W (the
   symmetric one); the statements below hold for EVERY whitening. *)
Definition whitening d (S W : 'M[K]_d) : Prop := W *m S *m W^T = 1%:M.

Lemma whitening_unit d (S W : 'M[K]_d) : whitening S W -> W \in unitmx.
Proof. by move/mulmx1_unit => [_]; rewrite unitmx_tr. Qed.

(* If Gc = Gc~ N (N invertible), the whitened rows Gc W^T and Gc~ W~^T
   differ by an orthogonal matrix O (O^T O = I), for any whitenings W, W~. *)
Theorem whitened_orthogonal V d (Gc Gc' : 'M[K]_(V,d)) (N W W' : 'M[K]_d) :
  N \in unitmx -> Gc = Gc' *m N ->
  whitening (cov Gc) W -> whitening (cov Gc') W' ->
  exists2 O : 'M[K]_d, O^T *m O = 1%:M & Gc *m W^T = Gc' *m W'^T *m O.
Proof.
move=> uN eG hW hW'; have uW' := whitening_unit hW'.
have uW't : W'^T \in unitmx by rewrite unitmx_tr.
exists (invmx W'^T *m N *m W^T); last first.
  by rewrite !mulmxA mulmxK // eG.
(* cov Gc = N^T (cov Gc~) N, and cov Gc~ = W~^-1 W~^-T. *)
have eS : cov Gc = N^T *m cov Gc' *m N.
  by rewrite /cov eG trmx_mul -scalemxAr -scalemxAl !mulmxA.
have eS' : cov Gc' = invmx W' *m invmx W'^T.
  have e1 : W' *m cov Gc' = invmx W'^T.
    by rewrite -[LHS]mulmx1 -(mulmxV uW't) mulmxA hW' mul1mx.
  by rewrite -e1 mulmxA mulVmx // mul1mx.
rewrite !trmx_mul trmxK trmx_inv trmxK.
by move: hW; rewrite /whitening eS eS' => <-; rewrite !mulmxA.
Qed.

(* C16 on the models: two diverse models (same d) with equal log-odds have
   whitened centred unembeddings W (g(y) - mean g) and W~ (g~(y) - mean g~)
   that differ by an orthogonal matrix, for ANY whitenings W, W~ of their
   covariances (Cov^-1/2 over the reals is one). *)
Theorem whitening_orthogonal n V d (Fm Fm' : 'M[K]_(n,d)) (G G' : 'M[K]_(V,d))
    (p : 'I_V) (W W' : 'M[K]_d) :
  V%:R != 0 :> K ->
  diverse Fm (unemb_diff G p) -> diverse Fm' (unemb_diff G' p) ->
  log_odds Fm G p = log_odds Fm' G' p ->
  whitening (cov (centred G)) W -> whitening (cov (centred G')) W' ->
  exists2 O : 'M[K]_d, O^T *m O = 1%:M & centred G *m W^T = centred G' *m W'^T *m O.
Proof.
move=> hV h h'; rewrite !log_odds_unemb_diff => /(linear_identifiability h h').
case=> M uM [_ eG]; apply: (@whitened_orthogonal _ _ _ _ (invmx M)) => //; first by rewrite unitmx_inv.
by rewrite -(centred_unemb_diff G p hV) -(centred_unemb_diff G' p hV) eG
  /centred centre_by_mulmx.
Qed.

End WhitenedOrthogonal.
