(* C10 (unembedding parallelism) and C11 (embedding parallelism), over any
   field: geometric => distributional always; the converse (hence all or none
   across equivalent models) under f-diversity (C10) / g-diversity (C11);
   without it, an invisible edit keeps the log-odds and breaks the geometric
   form. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Pivot Diversity.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Unembedding.
Variable K : fieldType.
Variables n V : nat.
Implicit Types (p : 'I_V) (lam : K).

(* Column y1 minus column y2 of the log-odds is F (g(y1) - g(y2))^T,
   whatever the pivot. *)
Lemma log_odds_col_diff d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p (y1 y2 : 'I_V) :
  col y1 (log_odds Fm G p) - col y2 (log_odds Fm G p) =
  Fm *m (row y1 G - row y2 G)^T.
Proof.
have hc y : col y (log_odds Fm G p) = Fm *m (row y G)^T - Fm *m (row p G)^T.
  apply/matrixP=> i j; rewrite !mxE big_ord1 !mxE mulr1 !ord1.
  by congr (_ - _); apply: eq_bigr => k _; rewrite !mxE.
by rewrite !hc opprB addrA subrK linearB /= mulmxBr.
Qed.

Lemma unemb_dist_parallel_iff d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p (y1 y2 y3 y4 : 'I_V) lam :
  unemb_dist_parallel (log_odds Fm G p) y1 y2 y3 y4 lam <->
  Fm *m (row y1 G - row y2 G - lam *: (row y3 G - row y4 G))^T = 0.
Proof.
rewrite /unemb_dist_parallel !log_odds_col_diff.
set X := row y1 G - row y2 G; set Y := row y3 G - row y4 G.
rewrite [(X - _)^T]linearB /= [(lam *: Y)^T]linearZ /= mulmxBr -scalemxAr.
by split=> [-> | /eqP]; [rewrite subrr | rewrite subr_eq0 => /eqP].
Qed.

(* C10: geometric => distributional, always. *)
Theorem unemb_geom_implies_dist d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p (y1 y2 y3 y4 : 'I_V) lam :
  unemb_geom_parallel G y1 y2 y3 y4 lam ->
  unemb_dist_parallel (log_odds Fm G p) y1 y2 y3 y4 lam.
Proof. by move=> h; apply/unemb_dist_parallel_iff; rewrite h subrr trmx0 mulmx0. Qed.

(* C10: distributional => geometric under f-diversity. *)
Theorem unemb_dist_implies_geom d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p (y1 y2 y3 y4 : 'I_V) lam :
  f_diverse Fm ->
  unemb_dist_parallel (log_odds Fm G p) y1 y2 y3 y4 lam ->
  unemb_geom_parallel G y1 y2 y3 y4 lam.
Proof.
move=> hF /unemb_dist_parallel_iff; rewrite -(mulmx0 _ Fm) => /(row_full_inj hF).
by move/(canRL (@trmxK _ _ _)); rewrite trmx0 => /eqP; rewrite subr_eq0 => /eqP.
Qed.

(* C10 all or none: among f-diverse models with equal log-odds, geometric
   parallelism holds in both or in neither. *)
Theorem unemb_parallel_all_or_none d d' (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) (Fm' : 'M[K]_(n,d')) (G' : 'M[K]_(V,d'))
    p (y1 y2 y3 y4 : 'I_V) lam :
  f_diverse Fm -> f_diverse Fm' -> log_odds Fm G p = log_odds Fm' G' p ->
  unemb_geom_parallel G y1 y2 y3 y4 lam <-> unemb_geom_parallel G' y1 y2 y3 y4 lam.
Proof.
move=> hF hF' e; split=> h.
  by apply: (unemb_dist_implies_geom (p := p) hF'); rewrite -e; apply: unemb_geom_implies_dist.
by apply: (unemb_dist_implies_geom (p := p) hF); rewrite e; apply: unemb_geom_implies_dist.
Qed.

(* C10 (refutable part): without f-diversity, adding a w orthogonal to all
   embeddings to g(y1) keeps the logits (hence P) and breaks geometric
   parallelism (with the same lambda) whenever y1 is not among y2, y3, y4. *)
Theorem unemb_parallel_not_preserved d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) (y1 y2 y3 y4 : 'I_V) lam :
  ~~ f_diverse Fm -> y1 != y2 -> y1 != y3 -> y1 != y4 ->
  exists G' : 'M[K]_(V,d),
    logits Fm G' = logits Fm G /\
    (unemb_geom_parallel G y1 y2 y3 y4 lam -> ~ unemb_geom_parallel G' y1 y2 y3 y4 lam).
Proof.
move=> /not_f_diverse_orth [w nzw hw] n12 n13 n14.
have hrow y : row y (G + delta_mx y1 0 *m w) = row y G + (y == y1)%:R *: w.
  by apply/rowP=> j; rewrite !mxE big_ord1 !mxE eqxx andbT.
exists (G + delta_mx y1 0 *m w); split.
  by rewrite /logits linearD /= mulmxDr trmx_mul mulmxA hw mul0mx addr0.
rewrite /unemb_geom_parallel !hrow eqxx (eq_sym y2) (eq_sym y3) (eq_sym y4).
rewrite (negPf n12) (negPf n13) (negPf n14) /= mulr1n scale1r !scale0r !addr0.
move=> h; rewrite addrAC h -{2}[lam *: _]addr0 => /eqP.
rewrite (inj_eq (addrI _)) => /eqP w0.
by rewrite w0 eqxx in nzw.
Qed.

End Unembedding.

Section Embedding.
Variable K : fieldType.
Variables n m : nat.
Implicit Types (lam : K).

(* Row x1 minus row x2 of L = F G0^T is (f(x1) - f(x2)) G0^T. *)
Lemma log_odds_row_diff d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (x1 x2 : 'I_n) :
  row x1 (L_of Fm G0) - row x2 (L_of Fm G0) = (row x1 Fm - row x2 Fm) *m G0^T.
Proof. by rewrite /L_of !row_mul mulmxBl. Qed.

Lemma emb_dist_parallel_iff d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (x1 x2 x3 x4 : 'I_n) lam :
  emb_dist_parallel (L_of Fm G0) x1 x2 x3 x4 lam <->
  (row x1 Fm - row x2 Fm - lam *: (row x3 Fm - row x4 Fm)) *m G0^T = 0.
Proof.
rewrite /emb_dist_parallel !log_odds_row_diff.
set X := row x1 Fm - row x2 Fm; set Y := row x3 Fm - row x4 Fm.
rewrite [(X - _) *m _]mulmxBl -scalemxAl.
by split=> [-> | /eqP]; [rewrite subrr | rewrite subr_eq0 => /eqP].
Qed.

(* C11: geometric => distributional, always. *)
Theorem emb_geom_implies_dist d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (x1 x2 x3 x4 : 'I_n) lam :
  emb_geom_parallel Fm x1 x2 x3 x4 lam ->
  emb_dist_parallel (L_of Fm G0) x1 x2 x3 x4 lam.
Proof. by move=> h; apply/emb_dist_parallel_iff; rewrite h subrr mul0mx. Qed.

(* C11: distributional => geometric under g-diversity. *)
Theorem emb_dist_implies_geom d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (x1 x2 x3 x4 : 'I_n) lam :
  g_diverse G0 ->
  emb_dist_parallel (L_of Fm G0) x1 x2 x3 x4 lam ->
  emb_geom_parallel Fm x1 x2 x3 x4 lam.
Proof.
move=> hG /emb_dist_parallel_iff /eqP; rewrite mulmx_free_eq0.
  by rewrite subr_eq0 => /eqP.
by rewrite /row_free mxrank_tr.
Qed.

(* C11 all or none among g-diverse models with equal log-odds. *)
Theorem emb_parallel_all_or_none d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) (x1 x2 x3 x4 : 'I_n) lam :
  g_diverse G0 -> g_diverse G0' -> L_of Fm G0 = L_of Fm' G0' ->
  emb_geom_parallel Fm x1 x2 x3 x4 lam <-> emb_geom_parallel Fm' x1 x2 x3 x4 lam.
Proof.
move=> hG hG' e; split=> h.
  by apply: (emb_dist_implies_geom hG'); rewrite -e; apply: emb_geom_implies_dist.
by apply: (emb_dist_implies_geom hG); rewrite e; apply: emb_geom_implies_dist.
Qed.

(* C11 (refutable part): without g-diversity, adding w with G0 w^T = 0 to
   f(x1) keeps the log-odds and breaks geometric parallelism (same lambda)
   whenever x1 is not among x2, x3, x4. *)
Theorem emb_parallel_not_preserved d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (x1 x2 x3 x4 : 'I_n) lam :
  ~~ g_diverse G0 -> x1 != x2 -> x1 != x3 -> x1 != x4 ->
  exists Fm' : 'M[K]_(n,d),
    L_of Fm' G0 = L_of Fm G0 /\
    (emb_geom_parallel Fm x1 x2 x3 x4 lam -> ~ emb_geom_parallel Fm' x1 x2 x3 x4 lam).
Proof.
move=> /not_f_diverse_orth [w nzw hw] n12 n13 n14.
have hrow x : row x (Fm + delta_mx x1 0 *m w) = row x Fm + (x == x1)%:R *: w.
  by apply/rowP=> j; rewrite !mxE big_ord1 !mxE eqxx andbT.
exists (Fm + delta_mx x1 0 *m w); split.
  by rewrite /L_of mulmxDl -mulmxA -(trmxK w) -trmx_mul hw trmx0 mulmx0 addr0.
rewrite /emb_geom_parallel !hrow eqxx (eq_sym x2) (eq_sym x3) (eq_sym x4).
rewrite (negPf n12) (negPf n13) (negPf n14) /= mulr1n scale1r !scale0r !addr0.
move=> h; rewrite addrAC h -{2}[lam *: _]addr0 => /eqP.
rewrite (inj_eq (addrI _)) => /eqP w0.
by rewrite w0 eqxx in nzw.
Qed.

End Embedding.
