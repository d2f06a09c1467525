(* C16, refutable part, over any real field: without f-diversity the
   whitened Gram matrices of two models with the same log-odds differ.
   One context f = e0 = (1, 0) (not f-diverse, d = 2), four tokens:
     G  has rows (1, 0), (0, 1), (-1, 0), (0, -1);
     G~ has rows (1, 1), (0, 0), (-1, 0), (0, -1)   (G plus multiples of
   e1, which is orthogonal to E).  Both are centred, both covariances are
   invertible, the logits agree, and the Gram matrices G_c (G_c^T G_c)^-1
   G_c^T differ: equal ones would put the columns of G~ in the column space
   of G, and they are not. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Pivot Structure Whitening.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory Num.Theory.
Local Open Scope ring_scope.

Section Counter.
Variable K : realFieldType.

Definition cw_F : 'M[K]_(1,2) := \row_(j < 2) (j == 0%N :> nat)%:R.
(* entries of G and G~ by (row, column) *)
Definition cw_g (i j : nat) : K :=
  if (i, j) is (0, 0)%N then 1 else if (i, j) is (1, 1)%N then 1
  else if (i, j) is (2, 0)%N then -1 else if (i, j) is (3, 1)%N then -1 else 0.
Definition cw_g' (i j : nat) : K :=
  if (i, j) is (0, 1)%N then 1 else if (i, j) is (1, 1)%N then 0 else cw_g i j.
Definition cw_G : 'M[K]_(4,2) := \matrix_(i < 4, j < 2) cw_g i j.
Definition cw_G' : 'M[K]_(4,2) := \matrix_(i < 4, j < 2) cw_g' i j.

Lemma cw_logits : cw_F *m cw_G^T = cw_F *m cw_G'^T.
Proof.
apply/matrixP => i j; rewrite !mxE !big_ord_recl !big_ord0 !mxE /= /cw_g' /cw_g /=.
by case: j => [[|[|[|[|j]]]] hj] //=; rewrite !(mul0r, mul1r, addr0).
Qed.

Lemma cw_mean (X : 'M[K]_(4,2)) : (forall j, \sum_i X i j = 0) -> mean_w 4 *m X = 0.
Proof.
move=> h; apply/matrixP => i j; rewrite !mxE.
under eq_bigr do rewrite !mxE mulr1.
by rewrite -mulr_sumr h mulr0.
Qed.

Lemma cw_centred_G : centred cw_G = cw_G.
Proof.
rewrite /centred /centre_by cw_mean ?mulmx0 ?subr0 // => j.
rewrite !big_ord_recl !big_ord0 !mxE /= /cw_g' /cw_g /=.
by case: j => [[|[|j]] hj] //=; rewrite !(add0r, addr0, addrN).
Qed.

Lemma cw_centred_G' : centred cw_G' = cw_G'.
Proof.
rewrite /centred /centre_by cw_mean ?mulmx0 ?subr0 // => j.
rewrite !big_ord_recl !big_ord0 !mxE /= /cw_g' /cw_g /=.
by case: j => [[|[|j]] hj] //=; rewrite !(add0r, addr0, addrN).
Qed.

Lemma cw_full_G : row_full cw_G.
Proof.
rewrite -sub1mx; apply/submxP; exists (\matrix_(i < 2, j < 4) (i == j :> nat)%:R).
apply/matrixP => i j; rewrite !mxE !big_ord_recl !big_ord0 !mxE /= /cw_g' /cw_g /=.
by case: i => [[|[|i]] hi] //; case: j => [[|[|j]] hj] //=;
  rewrite !(mul0r, mulr0, mul1r, mulr1, addr0, add0r).
Qed.

Lemma cw_full_G' : row_full cw_G'.
Proof.
rewrite -sub1mx; apply/submxP.
exists (\matrix_(i < 2, j < 4) (if j == (i + 2)%N :> nat then -1 else 0)).
apply/matrixP => i j; rewrite !mxE !big_ord_recl !big_ord0 !mxE /= /cw_g' /cw_g /=.
by case: i => [[|[|i]] hi] //; case: j => [[|[|j]] hj] //=;
  rewrite !(mul0r, mulr0, mul1r, mulr1, addr0, add0r, mulN1r, opprK, oppr0).
Qed.

Lemma cw_cov_unit (X : 'M[K]_(4,2)) : row_full X -> X^T *m X \in unitmx.
Proof.
move=> fX; have := gram_unit (A := X^T); rewrite trmxK; apply.
by rewrite /row_free mxrank_tr; apply: fX.
Qed.

(* The Gram matrix fixes the columns of its matrix. *)
Lemma gram_whitened_fix V d (X : 'M[K]_(V,d)) :
  X^T *m X \in unitmx -> gram_whitened X *m X = X.
Proof. by move=> u; rewrite /gram_whitened -mulmxA mulmxKV. Qed.

(* C16, refutable: same log-odds (every pivot), no f-diversity, invertible
   covariances, different whitened Gram matrices. *)
Theorem whitening_not_preserved :
  exists (Fm : 'M[K]_(1,2)) (G G' : 'M[K]_(4,2)),
    [/\ forall p, log_odds Fm G p = log_odds Fm G' p,
        ~~ f_diverse Fm,
        (centred G)^T *m centred G \in unitmx /\ (centred G')^T *m centred G' \in unitmx
      & gram_whitened (centred G) != gram_whitened (centred G')].
Proof.
exists cw_F, cw_G, cw_G'; rewrite cw_centred_G cw_centred_G'; split.
- by move=> p; rewrite /log_odds /logits cw_logits.
- by rewrite /f_diverse; apply/negP => /eqP h; have := rank_leq_row cw_F; rewrite h.
- by split; apply: cw_cov_unit; [apply: cw_full_G | apply: cw_full_G'].
apply/eqP => e.
have u := cw_cov_unit cw_full_G; have u' := cw_cov_unit cw_full_G'.
pose Y := invmx (cw_G^T *m cw_G) *m cw_G^T *m cw_G'.
have eY : cw_G' = cw_G *m Y.
  by rewrite -{1}(gram_whitened_fix u') -e /gram_whitened /Y !mulmxA.
have h0 := congr1 (fun X : 'M[K]_(4,2) => X 0 1) eY.
have h2 := congr1 (fun X : 'M[K]_(4,2) => X 2%:R 1) eY.
move: h0 h2; rewrite /= !mxE !big_ord_recl !big_ord0 !mxE /= /cw_g' /cw_g /=.
rewrite !(mul0r, mul1r, addr0, mulN1r) => <- /eqP.
by rewrite eq_sym oppr_eq0 oner_eq0.
Qed.

End Counter.
