(* C1 (shift invariance) and C2 (pivot independence), over any field.
   Logits that differ by per-context constants <=> equal log-odds against a
   pivot <=> equal log-odds against every pivot <=> equal F G_c^T for the
   column-centred G (when V is invertible in K). *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Pivot.
Variable K : fieldType.
Variables n V d : nat.
Implicit Types (Z : 'M[K]_(n,V)) (w u : 'rV[K]_V) (p q : 'I_V).

Lemma ones_weightsT w : weights w -> ones V *m w^T = 1%:M.
Proof. by move=> hw; rewrite -[ones V]trmxK -trmx_mul hw trmx1. Qed.

Lemma ref_diffD w Z Z' : ref_diff (Z + Z') w = ref_diff Z w + ref_diff Z' w.
Proof. by rewrite /ref_diff !mulmxDl opprD addrACA. Qed.

Lemma ref_diffN w Z : ref_diff (- Z) w = - ref_diff Z w.
Proof. by rewrite /ref_diff !mulNmx opprB opprK addrC. Qed.

Lemma ref_diff_const w (c : 'cV[K]_n) : weights w -> ref_diff (c *m ones V) w = 0.
Proof.
by move=> hw; rewrite /ref_diff -(mulmxA c) ones_weightsT // mulmx1 subrr.
Qed.

(* The key identity: re-referencing an already referenced matrix. *)
Lemma ref_diffK u w Z : weights u -> ref_diff (ref_diff Z w) u = ref_diff Z u.
Proof.
move=> hu; rewrite [X in ref_diff X u]/ref_diff ref_diffD ref_diffN ref_diff_const //.
by rewrite subr0.
Qed.

Lemma ref_diff_eq0 w Z : weights w -> ref_diff Z w = 0 -> Z = (Z *m w^T) *m ones V.
Proof. by move=> _ /eqP; rewrite subr_eq0 => /eqP. Qed.

(* Differences by per-context constants <=> equal referenced logits, for any
   reference weights (pivot or mean). *)
Lemma shift_equiv_ref_diff w Z Z' :
  weights w -> shift_equiv Z Z' <-> ref_diff Z w = ref_diff Z' w.
Proof.
move=> hw; split=> [[c ->] | e].
  by rewrite ref_diffD ref_diff_const // addr0.
exists ((Z - Z') *m w^T).
have h0 : ref_diff (Z - Z') w = 0 by rewrite ref_diffD ref_diffN e subrr.
by rewrite -(ref_diff_eq0 hw h0) addrC subrK.
Qed.

Lemma pivot_weights p : weights (pivot_w p : 'rV[K]_V).
Proof.
rewrite /weights /pivot_w -rowE /ones trmx_const.
by apply/matrixP=> i j; rewrite !ord1 !mxE.
Qed.
 
Lemma log_odds_mx_ref Z p : log_odds_mx Z p = ref_diff Z (pivot_w p).
Proof. by rewrite /log_odds_mx /ref_diff /pivot_w trmx_delta -colE. Qed.

Lemma mean_weights : V%:R != 0 :> K -> weights (mean_w V : 'rV[K]_V).
Proof.
move=> hV; rewrite /weights /mean_w /ones -scalemxAl.
apply/matrixP=> i j; rewrite !ord1 !mxE.
under eq_bigr do rewrite !mxE mulr1.
by rewrite sumr_const card_ord eqxx mulVf.
Qed.

Lemma centre_by_logits d' (Fm : 'M[K]_(n,d')) (G : 'M[K]_(V,d')) w :
  Fm *m (centre_by G w)^T = ref_diff (logits Fm G) w.
Proof.
rewrite /centre_by /ref_diff /logits linearB /= mulmxBr trmx_mul trmxK.
by rewrite trmx_mul !mulmxA.
Qed.

(* ===== C1: shift invariance ===== *)

(* C1: adding any per-context constant to the logits keeps the log-odds. *)
Theorem logit_shift_invariance Z (c : 'cV[K]_n) p :
  log_odds_mx (Z + c *m ones V) p = log_odds_mx Z p.
Proof.
by rewrite !log_odds_mx_ref ref_diffD (ref_diff_const _ (pivot_weights p)) addr0.
Qed.

(* C1: adding the same vector c to every unembedding (G + 1 c^T) keeps the
   log-odds (it adds the per-context constant F c to the logits). *)
Theorem unembedding_shift_invariance (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d))
    (c : 'rV[K]_d) p :
  log_odds Fm (G + (ones V)^T *m c) p = log_odds Fm G p.
Proof.
rewrite /log_odds /logits linearD /= mulmxDr trmx_mul trmxK mulmxA.
exact: logit_shift_invariance.
Qed.

(* C1/C2 (Lemma 0): logits differ by per-context constants <=> equal log-odds
   against the pivot p. *)
Theorem shift_equiv_iff_log_odds Z Z' p :
  shift_equiv Z Z' <-> log_odds_mx Z p = log_odds_mx Z' p.
Proof. by rewrite !log_odds_mx_ref; apply: shift_equiv_ref_diff; apply: pivot_weights. Qed.

(* C2: equal log-odds for one pivot <=> equal log-odds for every pivot. *)
Theorem pivot_independence Z Z' p :
  log_odds_mx Z p = log_odds_mx Z' p <-> forall q, log_odds_mx Z q = log_odds_mx Z' q.
Proof.
split=> [e q | ->] //.
by apply/shift_equiv_iff_log_odds; apply/(shift_equiv_iff_log_odds _ _ p).
Qed.

(* C2 for models: log-odds of (F,G) and (F~,G~) agree against one pivot iff
   they agree against every pivot iff the logits differ by per-context constants. *)
Theorem model_pivot_independence n' (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d))
    (Fm' : 'M[K]_(n,n')) (G' : 'M[K]_(V,n')) p :
  log_odds Fm G p = log_odds Fm' G' p <->
  (forall q, log_odds Fm G q = log_odds Fm' G' q).
Proof. exact: pivot_independence. Qed.

(* C2: equal log-odds <=> F G_c^T = F~ G~_c^T with G_c the column-centred G
   (needs V invertible in K, e.g. characteristic 0). *)
Theorem centred_iff_log_odds n' (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d))
    (Fm' : 'M[K]_(n,n')) (G' : 'M[K]_(V,n')) p :
  V%:R != 0 :> K ->
  (log_odds Fm G p = log_odds Fm' G' p <->
   Fm *m (centred G)^T = Fm' *m (centred G')^T).
Proof.
move=> hV; rewrite /centred (centre_by_logits Fm) (centre_by_logits Fm') /log_odds !log_odds_mx_ref.
rewrite -!(shift_equiv_ref_diff _ _ (pivot_weights p)).
exact: shift_equiv_ref_diff (mean_weights hV).
Qed.

(* The log-odds are F G0^T with G0 = G - 1 g(p)^T (theory.md's L = F G0^T). *)
Lemma log_odds_unemb_diff (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p :
  log_odds Fm G p = L_of Fm (unemb_diff G p).
Proof.
have -> : unemb_diff G p = centre_by G (pivot_w p).
  by rewrite /unemb_diff /centre_by /pivot_w -rowE.
by rewrite /L_of centre_by_logits /log_odds log_odds_mx_ref.
Qed.

(* The pivot column of the log-odds is zero ... *)
Lemma log_odds_pivot_col Z p : col p (log_odds_mx Z p) = 0.
Proof.
by apply/matrixP=> i j; rewrite !mxE (bigD1 ord0) //= big1 ?addr0 => [|k];
  rewrite ?ord1 !mxE ?mulr1 ?subrr //; case: (k) => [] [].
Qed.

(* ... so dropping it (the n x (V-1) form of theory.md) loses nothing. *)
Theorem log_odds_red_eq Z Z' p :
  col' p (log_odds_mx Z p) = col' p (log_odds_mx Z' p) <->
  log_odds_mx Z p = log_odds_mx Z' p.
Proof.
split=> [e | -> //]; apply/matrixP=> i j.
case: (unliftP p j) => [j' -> | ->].
  by move/matrixP: e => /(_ i j'); rewrite !mxE.
by move: (log_odds_pivot_col Z p) (log_odds_pivot_col Z' p) => /matrixP/(_ i 0)
  + /matrixP/(_ i 0); rewrite !mxE => -> ->.
Qed.

(* The n x (V-1) log-odds are F G0^T with the (V-1) x d matrix G0 of theory.md. *)
Lemma log_odds_red_G0 (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p :
  log_odds_red Fm G p = L_of Fm (G0_red G p).
Proof.
rewrite /log_odds_red log_odds_unemb_diff /L_of /G0_red.
by apply/matrixP=> i j; rewrite !mxE; apply: eq_bigr => k _; rewrite !mxE.
Qed.

End Pivot.

Section AllPivots.
Variable K : fieldType.
Variable n : nat.

(* C1/C2 together: logits differ by per-context constants <=> the log-odds
   agree against every pivot. *)
Theorem shift_equiv_iff_all_pivots V (Z Z' : 'M[K]_(n,V)) :
  shift_equiv Z Z' <-> forall q, log_odds_mx Z q = log_odds_mx Z' q.
Proof.
split=> [h q | h]; first exact/shift_equiv_iff_log_odds.
case: V Z Z' h => [|V'] Z Z' h.
  by exists 0; rewrite mul0mx addr0 [Z]thinmx0 [Z']thinmx0.
exact/(shift_equiv_iff_log_odds _ _ ord0)/h.
Qed.

End AllPivots.
