(* C10 and C11 in the rank form of theory.md: "rank [Delta1; Delta2] <= 1"
   (the two differences are parallel, with ANY lambda, or one of them is 0),
   over any field.
     geometric => distributional always; the converse, hence all or none
     across models with equal log-odds, under f-diversity (C10) /
     g-diversity (C11);
     refutable part: a concrete class (over every field: one context, four
     tokens, d = 2) in which the rank form holds in one member and fails in
     another with the same log-odds, because the model is not f-diverse
     (C10) / not g-diverse (C11). *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Pivot Diversity Parallelism.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section RankForm.
Variable K : fieldType.

(* [a(i1) - a(i2); a(i3) - a(i4)] for the rows a(i) of A. *)
Definition diff_mx N d (A : 'M[K]_(N,d)) (i1 i2 i3 i4 : 'I_N) : 'M[K]_(1 + 1, d) :=
  col_mx (row i1 A - row i2 A) (row i3 A - row i4 A).

Lemma diff_mx_mul N d p (A : 'M[K]_(N,d)) (B : 'M[K]_(d,p)) i1 i2 i3 i4 :
  diff_mx (A *m B) i1 i2 i3 i4 = diff_mx A i1 i2 i3 i4 *m B.
Proof. by rewrite /diff_mx mul_col_mx !mulmxBl !row_mul. Qed.

(* C10 geometric, rank form: rank [g(y1) - g(y2); g(y3) - g(y4)] <= 1. *)
Definition unemb_geom_rank1 V d (G : 'M[K]_(V,d)) (y1 y2 y3 y4 : 'I_V) : bool :=
  (\rank (diff_mx G y1 y2 y3 y4) <= 1)%N.
(* C10 distributional, rank form: the columns y1 - y2 and y3 - y4 of the
   log-odds (log p(y1|x)/p(y2|x) and log p(y3|x)/p(y4|x) over all contexts x)
   span a space of dimension <= 1. *)
Definition unemb_dist_rank1 n V (L : 'M[K]_(n,V)) (y1 y2 y3 y4 : 'I_V) : bool :=
  (\rank (diff_mx L^T y1 y2 y3 y4) <= 1)%N.
(* C11, geometric and distributional (on log-odds rows l(x) = G0 f(x)). *)
Definition emb_geom_rank1 n d (Fm : 'M[K]_(n,d)) (x1 x2 x3 x4 : 'I_n) : bool :=
  (\rank (diff_mx Fm x1 x2 x3 x4) <= 1)%N.
Definition emb_dist_rank1 n m (L : 'M[K]_(n,m)) (x1 x2 x3 x4 : 'I_n) : bool :=
  (\rank (diff_mx L x1 x2 x3 x4) <= 1)%N.

(* The distributional matrix is the geometric one times F^T, whatever the pivot. *)
Lemma log_odds_diff_mx n V d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p y1 y2 y3 y4 :
  diff_mx (log_odds Fm G p)^T y1 y2 y3 y4 = diff_mx G y1 y2 y3 y4 *m Fm^T.
Proof.
rewrite /diff_mx mul_col_mx -!tr_col -!linearB /= !log_odds_col_diff.
by rewrite !trmx_mul !trmxK.
Qed.

Lemma f_diverse_tr_free n d (Fm : 'M[K]_(n,d)) : f_diverse Fm = row_free Fm^T.
Proof. by rewrite /f_diverse /row_free mxrank_tr. Qed.

(* C10: geometric => distributional, always. *)
Theorem unemb_rank_geom_implies_dist n V d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p y1 y2 y3 y4 :
  unemb_geom_rank1 G y1 y2 y3 y4 -> unemb_dist_rank1 (log_odds Fm G p) y1 y2 y3 y4.
Proof.
rewrite /unemb_dist_rank1 log_odds_diff_mx => h.
exact: leq_trans (mxrankM_maxl _ _) h.
Qed.

(* C10: distributional => geometric under f-diversity. *)
Theorem unemb_rank_dist_implies_geom n V d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) p y1 y2 y3 y4 :
  f_diverse Fm ->
  unemb_dist_rank1 (log_odds Fm G p) y1 y2 y3 y4 -> unemb_geom_rank1 G y1 y2 y3 y4.
Proof.
by rewrite f_diverse_tr_free /unemb_dist_rank1 log_odds_diff_mx => /mxrankMfree ->.
Qed.

(* C10, all or none: among f-diverse models with equal log-odds (any d, d~),
   the rank form holds in both or in neither. *)
Theorem unemb_rank_all_or_none n V d d' (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d))
    (Fm' : 'M[K]_(n,d')) (G' : 'M[K]_(V,d')) p y1 y2 y3 y4 :
  f_diverse Fm -> f_diverse Fm' -> log_odds Fm G p = log_odds Fm' G' p ->
  unemb_geom_rank1 G y1 y2 y3 y4 = unemb_geom_rank1 G' y1 y2 y3 y4.
Proof.
move=> h h' e; apply/idP/idP => g.
  by apply: (unemb_rank_dist_implies_geom (p := p) h'); rewrite -e; apply: unemb_rank_geom_implies_dist.
by apply: (unemb_rank_dist_implies_geom (p := p) h); rewrite e; apply: unemb_rank_geom_implies_dist.
Qed.

Lemma g_diverse_tr_free m d (G0 : 'M[K]_(m,d)) : g_diverse G0 = row_free G0^T.
Proof. by rewrite /g_diverse /row_free mxrank_tr. Qed.

(* C11: geometric => distributional, always. *)
Theorem emb_rank_geom_implies_dist n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) x1 x2 x3 x4 :
  emb_geom_rank1 Fm x1 x2 x3 x4 -> emb_dist_rank1 (L_of Fm G0) x1 x2 x3 x4.
Proof.
rewrite /emb_dist_rank1 /L_of diff_mx_mul => h.
exact: leq_trans (mxrankM_maxl _ _) h.
Qed.

(* C11: distributional => geometric under g-diversity. *)
Theorem emb_rank_dist_implies_geom n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) x1 x2 x3 x4 :
  g_diverse G0 ->
  emb_dist_rank1 (L_of Fm G0) x1 x2 x3 x4 -> emb_geom_rank1 Fm x1 x2 x3 x4.
Proof.
by rewrite g_diverse_tr_free /emb_dist_rank1 /L_of diff_mx_mul => /mxrankMfree ->.
Qed.

(* C11, all or none under g-diversity. *)
Theorem emb_rank_all_or_none n m d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) x1 x2 x3 x4 :
  g_diverse G0 -> g_diverse G0' -> L_of Fm G0 = L_of Fm' G0' ->
  emb_geom_rank1 Fm x1 x2 x3 x4 = emb_geom_rank1 Fm' x1 x2 x3 x4.
Proof.
move=> h h' e; apply/idP/idP => g.
  by apply: (emb_rank_dist_implies_geom h'); rewrite -e; apply: emb_rank_geom_implies_dist.
by apply: (emb_rank_dist_implies_geom h); rewrite e; apply: emb_rank_geom_implies_dist.
Qed.

(* ---- The refutable parts: one concrete class, over every field. ----
   d = 2, e0 = (1, 0).  A1 has rows e0, 0, e0, 0; A2 = A1 with (0, 1) added to
   row 0, a direction orthogonal to e0.  As unembeddings seen by the single
   context f = e0 (C10), or as embeddings read by the single unembedding
   difference g0 = e0 (C11), both give the same log-odds; in A1 the
   differences a0 - a1 = a2 - a3 = e0 are parallel, in A2 they are (1, 1)
   and (1, 0), of rank 2. *)
Definition e0_row : 'M[K]_(1,2) := \row_(j < 2) (j == 0%N :> nat)%:R.
Definition inst_A1 : 'M[K]_(4,2) :=
  \matrix_(i < 4, j < 2) ((((i == 0%N :> nat) || (i == 2%N :> nat)) && (j == 0%N :> nat))%:R).
Definition inst_A2 : 'M[K]_(4,2) :=
  \matrix_(i < 4, j < 2)
    (((((i == 0%N :> nat) || (i == 2%N :> nat)) && (j == 0%N :> nat)) || ((i == 0%N :> nat) && (j == 1%N :> nat)))%:R).
Definition i4_0 : 'I_4 := @Ordinal 4 0 isT.
Definition i4_1 : 'I_4 := @Ordinal 4 1 isT.
Definition i4_2 : 'I_4 := @Ordinal 4 2 isT.
Definition i4_3 : 'I_4 := @Ordinal 4 3 isT.

Lemma inst_same_products : e0_row *m inst_A1^T = e0_row *m inst_A2^T.
Proof.
apply/matrixP => i j; rewrite !mxE !big_ord_recl !big_ord0 !mxE /=.
by case: j => [[|[|[|[|j]]]] hj] //=; rewrite !mul0r.
Qed.

Lemma inst_A1_rank1 : (\rank (diff_mx inst_A1 i4_0 i4_1 i4_2 i4_3) <= 1)%N.
Proof.
have e : row i4_2 inst_A1 - row i4_3 inst_A1 = row i4_0 inst_A1 - row i4_1 inst_A1.
  by apply/rowP => j; rewrite !mxE.
rewrite /diff_mx e -[X in col_mx X _]mul1mx -[X in col_mx _ X]mul1mx -mul_col_mx.
by apply: leq_trans (mxrankM_maxr _ _) (rank_leq_row _).
Qed.

Lemma inst_A2_rank2 : \rank (diff_mx inst_A2 i4_0 i4_1 i4_2 i4_3) = 2%N.
Proof.
apply/eqP; rewrite eqn_leq rank_leq_col /=.
have : row_full (diff_mx inst_A2 i4_0 i4_1 i4_2 i4_3).
  rewrite -sub1mx; apply/submxP.
  exists (row_mx (\col_(i < 2) (i == 1%N :> nat)%:R) (\col_(i < 2) (if i == 0%N :> nat then 1 else -1))).
  rewrite mul_row_col; apply/matrixP => i j; rewrite !mxE !big_ord1 !mxE.
  case: i => [[|[|i]] hi] //; case: j => [[|[|j]] hj] //=;
    by rewrite !(subr0, subrr, mul0r, mul1r, mulr1, add0r, addr0, mulN1r, mulr0, addrN).
by rewrite /row_full => /eqP ->.
Qed.

(* C10, refutable part in the rank form: a class of models with equal
   log-odds (for every pivot) in which the rank form of geometric
   parallelism holds in one member and fails in another; the context
   embeddings are not f-diverse. *)
Theorem unemb_rank_not_preserved :
  exists (Fm : 'M[K]_(1,2)) (G G' : 'M[K]_(4,2)) (y1 y2 y3 y4 : 'I_4),
    [/\ forall p, log_odds Fm G p = log_odds Fm G' p,
        ~~ f_diverse Fm,
        unemb_geom_rank1 G y1 y2 y3 y4
      & ~~ unemb_geom_rank1 G' y1 y2 y3 y4].
Proof.
exists e0_row, inst_A1, inst_A2, i4_0, i4_1, i4_2, i4_3; split.
- by move=> p; rewrite /log_odds /logits inst_same_products.
- by rewrite /f_diverse; apply/negP => /eqP h; have := rank_leq_row e0_row; rewrite h.
- exact: inst_A1_rank1.
- by rewrite /unemb_geom_rank1 inst_A2_rank2.
Qed.

(* C11, refutable part in the rank form: the mirror class (the single
   unembedding difference is not g-diverse). *)
Theorem emb_rank_not_preserved :
  exists (Fm Fm' : 'M[K]_(4,2)) (G0 : 'M[K]_(1,2)) (x1 x2 x3 x4 : 'I_4),
    [/\ L_of Fm G0 = L_of Fm' G0,
        ~~ g_diverse G0,
        emb_geom_rank1 Fm x1 x2 x3 x4
      & ~~ emb_geom_rank1 Fm' x1 x2 x3 x4].
Proof.
exists inst_A1, inst_A2, e0_row, i4_0, i4_1, i4_2, i4_3; split.
- by rewrite /L_of; apply: trmx_inj; rewrite !trmx_mul !trmxK inst_same_products.
- by rewrite /g_diverse; apply/negP => /eqP h; have := rank_leq_row e0_row; rewrite h.
- exact: inst_A1_rank1.
- by rewrite /emb_geom_rank1 inst_A2_rank2.
Qed.

End RankForm.
