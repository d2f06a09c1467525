(* C3 (linear identifiability under diversity) and C4 (half diversity),
   over any field, for models (F, G0) with G0 of any number m of rows
   (m = V-1 in theory.md; see Pivot.v for the pivot form). *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Diversity.
Variable K : fieldType.
Variables n m : nat.

(* Full column rank = MathComp's row_full (the row space is everything). *)
Lemma f_diverse_full d (Fm : 'M[K]_(n,d)) : f_diverse Fm = row_full Fm.
Proof. by []. Qed.

Lemma g_diverse_full d (G0 : 'M[K]_(m,d)) : g_diverse G0 = row_full G0.
Proof. by []. Qed.

(* A full-column-rank matrix can be cancelled on the left. *)
Lemma full_cancel_l p q d (A : 'M[K]_(p,d)) (X Y : 'M[K]_(d,q)) :
  row_full A -> A *m X = A *m Y -> X = Y.
Proof. by move=> hA; apply: row_full_inj. Qed.

(* F = F (pinv G0 G0)^T when G0 has full column rank. *)
Lemma pinv_left d (G0 : 'M[K]_(m,d)) : row_full G0 -> pinvmx G0 *m G0 = 1%:M.
Proof. exact: mulVpmx. Qed.

(* ===== C4: half diversity ===== *)

(* C4 (g-diverse => f identified): if model 1 is g-diverse and the log-odds
   agree, then F = F~ T^T with T = pinv(G0) G0~ (MathComp's pinvmx, a left
   inverse of G0 here); the two models may have different dimensions. *)
Theorem half_diversity_g d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  g_diverse G0 -> L_of Fm G0 = L_of Fm' G0' ->
  Fm = Fm' *m (pinvmx G0 *m G0')^T.
Proof.
rewrite g_diverse_full /L_of => hG e.
rewrite -[Fm]mulmx1 -trmx1 -(pinv_left hG) trmx_mul mulmxA e.
by rewrite -mulmxA -trmx_mul.
Qed.

Corollary half_diversity_g_exists d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  g_diverse G0 -> L_of Fm G0 = L_of Fm' G0' ->
  exists T : 'M[K]_(d,d'), Fm = Fm' *m T^T.
Proof. by move=> hG e; exists (pinvmx G0 *m G0'); apply: half_diversity_g. Qed.

(* C4 (f-diverse => g0 identified): G0 = G0~ S^T with S = pinv(F) F~. *)
Theorem half_diversity_f d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  f_diverse Fm -> L_of Fm G0 = L_of Fm' G0' ->
  G0 = G0' *m (pinvmx Fm *m Fm')^T.
Proof.
rewrite f_diverse_full /L_of => hF e.
apply: trmx_inj; rewrite trmx_mul trmxK -mulmxA -e mulmxA mulVpmx //.
by rewrite mul1mx.
Qed.

Corollary half_diversity_f_exists d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  f_diverse Fm -> L_of Fm G0 = L_of Fm' G0' ->
  exists S : 'M[K]_(d,d'), G0 = G0' *m S^T.
Proof. by move=> hF e; exists (pinvmx Fm *m Fm'); apply: half_diversity_f. Qed.

(* C4 (refutable part): without f-diversity there is a nonzero w orthogonal to
   every embedding (F w^T = 0) ... *)
Lemma not_f_diverse_orth d (Fm : 'M[K]_(n,d)) :
  ~~ f_diverse Fm -> exists2 w : 'rV[K]_d, w != 0 & Fm *m w^T = 0.
Proof.
move=> hF.
have : kermx Fm^T != 0.
  rewrite -mxrank_eq0 mxrank_ker mxrank_tr subn_eq0 -ltnNge.
  by rewrite ltn_neqAle rank_leq_col andbT.
case/rowV0Pn=> w /sub_kermxP hw nz; exists w => //.
by rewrite -[Fm]trmxK -trmx_mul hw trmx0.
Qed.

(* ... so adding u w (w added to the unembedding differences with weights u)
   keeps the log-odds while changing G0 whenever u != 0. *)
Theorem unembedding_not_identified d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  ~~ f_diverse Fm ->
  exists2 w : 'rV[K]_d, w != 0 &
    forall u : 'cV[K]_m, L_of Fm (G0 + u *m w) = L_of Fm G0 /\
                         (u != 0 -> G0 + u *m w != G0).
Proof.
case/not_f_diverse_orth=> w nz hw; exists w => // u; split.
  by rewrite /L_of linearD /= mulmxDr trmx_mul mulmxA hw mul0mx addr0.
move=> nzu; rewrite -subr_eq0 addrC addKr.
case/rV0Pn: nz => j hj; case/cV0Pn: nzu => i hi.
apply/eqP => /matrixP /(_ i j); rewrite !mxE big_ord1 => /eqP.
by rewrite mulf_eq0 (negPf hi) (negPf hj).
Qed.

(* C4: the unembedding differences are identified from the log-odds (for a
   fixed F) exactly when F is f-diverse (m > 0 so that G0 has a row). *)
Theorem unembedding_identified_iff_f_diverse d (Fm : 'M[K]_(n,d)) :
  (0 < m)%N ->
  (forall G0 G0' : 'M[K]_(m,d), L_of Fm G0 = L_of Fm G0' -> G0 = G0')
  <-> f_diverse Fm.
Proof.
move=> hm; split=> [hid | hF G0 G0' e]; last first.
  by rewrite (half_diversity_f hF e) mulVpmx // trmx1 mulmx1.
apply/negPn/negP => hnF.
have [w nzw /(_ (const_mx 1)) [e ne]] := @unembedding_not_identified d Fm 0 hnF.
have nz1 : const_mx 1 != 0 :> 'cV[K]_m.
  by apply/cV0Pn; exists (Ordinal hm); rewrite mxE oner_eq0.
by move/eqP: (ne nz1); apply; apply: hid.
Qed.

(* ===== C3: linear identifiability under diversity ===== *)

(* The converse direction of C3 (and of C6): ~L models have equal log-odds. *)
Theorem lin_equiv_log_odds d (Fm Fm' : 'M[K]_(n,d)) (G0 G0' : 'M[K]_(m,d)) :
  lin_equiv Fm G0 Fm' G0' -> L_of Fm G0 = L_of Fm' G0'.
Proof.
case=> M uM [-> ->]; rewrite /L_of trmx_mul -mulmxA (mulmxA M^T).
by rewrite -trmx_mul mulVmx // trmx1 mul1mx.
Qed.

(* C3 with the witness recovered from the embeddings alone: M^T = pinv(F~) F.
   Only g-diversity of model 1 and diversity of model 2 are used. *)
Theorem linear_identifiability_witness d (Fm Fm' : 'M[K]_(n,d))
    (G0 G0' : 'M[K]_(m,d)) :
  g_diverse G0 -> f_diverse Fm' -> g_diverse G0' ->
  L_of Fm G0 = L_of Fm' G0' ->
  let M := (pinvmx Fm' *m Fm)^T in
  [/\ M \in unitmx, Fm = Fm' *m M^T & G0 = G0' *m invmx M].
Proof.
move=> hG hF' hG' e M.
have eF : Fm = Fm' *m (pinvmx G0 *m G0')^T by apply: half_diversity_g.
have eM : M^T = (pinvmx G0 *m G0')^T.
  by rewrite /M trmxK {1}eF mulmxA mulVpmx // mul1mx.
have eF2 : Fm = Fm' *m M^T by rewrite eM.
move: e; rewrite /L_of => e.
have eG : G0' = G0 *m M.
  apply: trmx_inj; apply: (full_cancel_l hF').
  by rewrite trmx_mul mulmxA -eF2 -e.
have uM : M \in unitmx.
  rewrite -row_full_unit /row_full eqn_leq rank_leq_col /=.
  by rewrite -{1}(eqP hG') eG mxrankM_maxr.
by split=> //; rewrite eG mulmxK.
Qed.

(* C3 (Roeder et al.), as in theory.md: both models diverse, same d:
   equal log-odds <=> ~L. *)
Theorem linear_identifiability d (Fm Fm' : 'M[K]_(n,d)) (G0 G0' : 'M[K]_(m,d)) :
  diverse Fm G0 -> diverse Fm' G0' ->
  (L_of Fm G0 = L_of Fm' G0' <-> lin_equiv Fm G0 Fm' G0').
Proof.
case/andP=> _ hG /andP [hF' hG']; split; last exact: lin_equiv_log_odds.
move=> e; have [uM eF eG] := linear_identifiability_witness hG hF' hG' e.
by exists (pinvmx Fm' *m Fm)^T.
Qed.

(* ~L is an equivalence relation (used by C6/C15). *)
Lemma lin_equiv_refl d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  lin_equiv Fm G0 Fm G0.
Proof. by exists 1%:M; rewrite ?unitmx1 // trmx1 mulmx1 invmx1 mulmx1. Qed.

Lemma lin_equiv_sym d (Fm Fm' : 'M[K]_(n,d)) (G0 G0' : 'M[K]_(m,d)) :
  lin_equiv Fm G0 Fm' G0' -> lin_equiv Fm' G0' Fm G0.
Proof.
case=> M uM [eF eG]; exists (invmx M); first by rewrite unitmx_inv.
split; last by rewrite invmxK eG mulmxKV.
by rewrite eF -mulmxA -trmx_mul mulVmx // trmx1 mulmx1.
Qed.

Lemma invmx_mulmx d (A B : 'M[K]_d) : A \in unitmx -> B \in unitmx ->
  invmx (A *m B) = invmx B *m invmx A.
Proof.
move=> uA uB; have uAB : A *m B \in unitmx by rewrite unitmx_mul uA uB.
have h : A *m B *m (invmx B *m invmx A) = 1%:M.
  by rewrite mulmxA mulmxK // mulmxV.
by rewrite -[invmx (A *m B)]mulmx1 -h mulmxA mulVmx // mul1mx.
Qed.

Lemma lin_equiv_trans d (F1 F2 F3 : 'M[K]_(n,d)) (G1 G2 G3 : 'M[K]_(m,d)) :
  lin_equiv F1 G1 F2 G2 -> lin_equiv F2 G2 F3 G3 -> lin_equiv F1 G1 F3 G3.
Proof.
case=> M uM [e1 e2] [N uN [e3 e4]]; exists (M *m N); first by rewrite unitmx_mul uM uN.
by rewrite e1 e3 e2 e4 trmx_mul !mulmxA invmx_mulmx // mulmxA.
Qed.

(* C9 (projection form), over any field.  P_Gamma is generalised to
   proj G0 = (pinv(G0) G0)^T, a projector onto Gamma = span of the rows of G0
   (idempotent, fixing Gamma); over the reals with the Moore-Penrose inverse
   it is the orthogonal projector. *)
Definition proj m' d (G0 : 'M[K]_(m',d)) : 'M[K]_d := (pinvmx G0 *m G0)^T.

Lemma proj_idem m' d (G0 : 'M[K]_(m',d)) : proj G0 *m proj G0 = proj G0.
Proof.
by rewrite /proj -trmx_mul -mulmxA [G0 *m _]mulmxA mulmxKpV.
Qed.

Lemma proj_fixes m' d (G0 : 'M[K]_(m',d)) : proj G0 *m G0^T = G0^T.
Proof. by rewrite /proj -trmx_mul mulmxA mulmxKpV. Qed.

(* C9: equal log-odds => F~ P_Gamma~ = F P_Gamma T^T with T = pinv(G0~) G0. *)
Theorem projection_form d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  L_of Fm G0 = L_of Fm' G0' ->
  Fm' *m proj G0' = Fm *m proj G0 *m (pinvmx G0' *m G0)^T.
Proof.
move=> e; rewrite [(pinvmx G0' *m G0)^T]trmx_mul -mulmxA (mulmxA (proj G0)) proj_fixes.
by rewrite mulmxA -/(L_of Fm G0) e /L_of /proj -mulmxA -trmx_mul.
Qed.

(* C8 (refutable; a certified counterexample over any field): two models of
   dimension 1 with equal log-odds (both zero) and no linear map between their
   embeddings, F <> F~ T^T for every T.  (Model 1 has embedding junk: f is
   orthogonal to every g0.) *)
Theorem no_linear_map_without_diversity :
  exists (Fm Fm' G0 G0' : 'M[K]_1),
    L_of Fm G0 = L_of Fm' G0' /\ forall T : 'M[K]_1, Fm <> Fm' *m T^T.
Proof.
exists 1%:M, 0, 0, 0; split; first by rewrite /L_of trmx0 !mulmx0.
move=> T; rewrite mul0mx => /matrixP /(_ 0 0); rewrite !mxE /=.
by move/eqP; rewrite oner_eq0.
Qed.

End Diversity.
