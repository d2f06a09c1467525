(* Orthonormal bases over a real closed field (square roots): Gram-Schmidt.
   With it the structure lemma C7 and ~EL (C6) take exactly the form of
   theory.md: an orthonormal basis Q of R, alpha = F Q, beta = G0 Q. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Pivot Diversity Structure Identifiable Whitening.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory Num.Theory Order.TTheory.
Local Open Scope ring_scope.

Section GramSchmidt.
Variable K : rcfType.

Lemma row_free_dsubmx r d (B : 'M[K]_(1 + r, d)) : row_free B -> row_free (dsubmx B).
Proof.
rewrite /row_free => /eqP hB; rewrite eqn_leq rank_leq_row /=.
have h : (1 + r <= \rank (usubmx B) + \rank (dsubmx B))%N.
  by rewrite -{1}hB -{1}(vsubmxK B) -addsmxE (mxrank_adds_leqif _ _).1.
have h1 : (\rank (usubmx B) <= 1)%N by apply: rank_leq_row.
by rewrite -(leq_add2l 1); apply: leq_trans h _; rewrite leq_add2r.
Qed.

Lemma self_dot_ge0 d (x : 'rV[K]_d) : 0 <= (x *m x^T) 0 0.
Proof. by rewrite mxE; apply: sumr_ge0 => k _; rewrite mxE -expr2 sqr_ge0. Qed.

(* Gram-Schmidt: every matrix with independent rows has an orthonormal
   matrix (U U^T = I) with the same row space. *)
Theorem orthonormal_rows r d (B : 'M[K]_(r,d)) :
  row_free B -> exists U : 'M[K]_(r,d), (U == B)%MS && (U *m U^T == 1%:M).
Proof.
elim: r B => [|r IH] B fB.
  by exists B; rewrite !submx_refl /=; apply/eqP/matrixP => [[]].
pose b := usubmx (B : 'M[K]_(1 + r, d)); pose D := dsubmx (B : 'M[K]_(1 + r, d)).
have [U' /andP [/eqmxP eU' /eqP oU']] := IH D (row_free_dsubmx fB).
pose w := b - b *m U'^T *m U'.
have wU : w *m U'^T = 0 by rewrite /w mulmxBl -!mulmxA oU' mulmx1 subrr.
have w0 : w != 0.
  apply/eqP => w0; have sb : (b <= U')%MS.
    by move/eqP: w0; rewrite /w subr_eq0 => /eqP ->; apply: submxMl.
  have sbD : (b <= D)%MS by rewrite -eU'.
  have e : (b + D :=: B)%MS.
    by apply: eqmx_trans (addsmxE b D) _; rewrite /b /D vsubmxK.
  have rB : \rank B = r.
    by rewrite -e (addsmx_idPr sbD); apply/eqP; apply: row_free_dsubmx.
  by rewrite /row_free rB ltn_eqF in fB.
have ww : 0 < (w *m w^T) 0 0.
  rewrite lt_def; apply/andP; split.
    apply/eqP => h; apply: (negP w0); apply/eqP; apply: gram_eq0.
    by apply/matrixP => i j; rewrite !ord1 h mxE.
  exact: self_dot_ge0.
pose s := Num.sqrt ((w *m w^T) 0 0).
have s0 : s != 0 by rewrite gt_eqF // sqrtr_gt0.
pose u := s^-1 *: w.
have uu : u *m u^T = 1%:M.
  rewrite /u linearZ /= -scalemxAl -scalemxAr scalerA [w *m w^T]mx11_scalar.
  rewrite -(sqr_sqrtr (ltW ww)) -/s scale_scalar_mx expr2 mulrACA mulVf // mulr1.
  by [].
have uU : u *m U'^T = 0 by rewrite /u -scalemxAl wU scaler0.
have Uu : U' *m u^T = 0 by rewrite -[U' *m u^T]trmxK trmx_mul trmxK uU trmx0.
have oU : col_mx u U' *m (col_mx u U')^T = 1%:M :> 'M[K]_(1 + r).
  rewrite tr_col_mx mul_col_row uu uU Uu oU'.
  by rewrite [RHS](scalar_mx_block 1 r 1).
have sU : (col_mx u U' == (B : 'M[K]_(1 + r, d)))%MS.
  apply/andP; split.
    rewrite -(vsubmxK (B : 'M[K]_(1 + r, d))) -/b -/D col_mx_sub -!addsmxE.
    apply/andP; split.
      apply: scalemx_sub; apply: addmx_sub_adds; first exact: submx_refl.
      by rewrite eqmx_opp -eU'; apply: submxMl.
    by rewrite eU'; apply: addsmxSr.
  rewrite -{1}(vsubmxK (B : 'M[K]_(1 + r, d))) -/b -/D col_mx_sub -!addsmxE.
  apply/andP; split.
    have eb : b = s *: u + b *m U'^T *m U'.
      by rewrite /u scalerA mulfV // scale1r /w subrK.
    rewrite eb; apply: addmx_sub_adds; first by apply: scalemx_sub; apply: submx_refl.
    exact: submxMl.
  by apply: submx_trans (addsmxSr u U'); rewrite eU'.
by exists (col_mx u U'); rewrite sU; apply/eqP; exact: oU.
Qed.


(* C16: every full-column-rank centred unembedding matrix has a whitening
   of its covariance (W Cov W^T = I): Gram-Schmidt on the columns of G_c. *)
Theorem whitening_exists V d (Gc : 'M[K]_(V,d)) :
  (0 < V)%N -> row_full Gc -> exists W : 'M[K]_d, whitening (cov Gc) W.
Proof.
move=> V0 fG; have fB : row_free Gc^T by rewrite /row_free mxrank_tr.
have [U /andP [/andP [sU _] /eqP oU]] := orthonormal_rows fB.
have [W eW] := submxP sU.
have eUt : Gc *m W^T = U^T by rewrite eW trmx_mul trmxK.
pose s : K := Num.sqrt (V%:R).
have hV : V%:R != 0 :> K by rewrite pnatr_eq0 -lt0n.
have eM : W *m (Gc^T *m Gc) *m W^T = 1%:M by rewrite mulmxA -eW -mulmxA eUt oU.
have eT : (s *: W)^T = s *: W^T by apply/matrixP => i j; rewrite !mxE.
exists (s *: W); rewrite /whitening /cov eT -!scalemxAl -!scalemxAr !scalerA -scalemxAl scalerA eM.
by rewrite -expr2 sqr_sqrtr ?ler0n // mulfV // scale1r.
Qed.

End GramSchmidt.

Section TheoryForm.
Variable K : rcfType.
Variables n m : nat.

(* Every model has an ORTHONORMAL basis Q of R = P_Gamma(E), of any
   dimension equal to rank L. *)
Theorem R_orthonormal_basis d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  r = eff_complexity Fm G0 ->
  exists Q : 'M[K]_(d,r), R_basis Fm G0 Q /\ Q^T *m Q = 1%:M.
Proof.
move=> er; subst r; rewrite -R_base_dim.
have [U /andP [/eqmxP eU /eqP oU]] := orthonormal_rows (row_base_free (ident_space Fm G0)).
exists U^T; split; last by rewrite trmxK.
rewrite /R_basis trmxK; apply/andP; split; first by apply/eqmxP; apply: eqmx_trans eU (eq_row_base _).
by rewrite /row_free eU; apply: row_base_free.
Qed.

(* C7 in the exact form of theory.md: every model (F, G0) has an
   orthonormal basis Q of R (d x r, r = rank L) such that, with alpha = F Q,
   beta = G0 Q, N = F - alpha Q^T, Mj = G0 - beta Q^T: F = alpha Q^T + N,
   G0 = beta Q^T + Mj, N's rows in Gamma^perp, Mj's rows in Gamma /\ E^perp,
   N Mj^T = 0, rank alpha = rank beta = r and L = alpha beta^T. *)
Theorem structure_lemma_theory d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  exists Q : 'M[K]_(d, eff_complexity Fm G0),
  [/\ R_basis Fm G0 Q, Q^T *m Q = 1%:M &
    let N := Fm - Fm *m Q *m Q^T in let Mj := G0 - G0 *m Q *m Q^T in
    [/\ Fm = (Fm *m Q) *m Q^T + N /\ G0 = (G0 *m Q) *m Q^T + Mj,
        N *m G0^T = 0 /\ ((Mj <= G0)%MS /\ Mj *m Fm^T = 0),
        N *m Mj^T = 0,
        \rank (Fm *m Q) = eff_complexity Fm G0 /\ \rank (G0 *m Q) = eff_complexity Fm G0
      & L_of Fm G0 = (Fm *m Q) *m (G0 *m Q)^T]].
Proof.
have [Q [hQ oQ]] := R_orthonormal_basis (erefl (eff_complexity Fm G0)).
exists Q; split=> // N Mj.
by case: (structure_lemma_orthonormal hQ oQ) => [h1 h2 h3 [h4 [h5 _]] h6].
Qed.

(* C6 in the exact form of theory.md: for any d, d~, equal log-odds <=>
   there are orthonormal bases Q of R and Q~ of R~ of one dimension r with
   (F Q, G0 Q) ~L (F~ Q~, G0~ Q~); and then this holds for ANY orthonormal
   bases of equal dimension. *)
Theorem extended_linear_identifiability_orthonormal d d'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  L_of Fm G0 = L_of Fm' G0' <->
  exists r (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r)),
    [/\ R_basis Fm G0 Q /\ Q^T *m Q = 1%:M, R_basis Fm' G0' Q' /\ Q'^T *m Q' = 1%:M
      & lin_equiv (Fm *m Q) (G0 *m Q) (Fm' *m Q') (G0' *m Q')].
Proof.
split=> [e | [r [Q [Q' [[hQ oQ] [hQ' oQ'] eq]]]]].
  have [Q [hQ oQ]] := R_orthonormal_basis (erefl (eff_complexity Fm G0)).
  have [Q' [hQ' oQ']] : exists Q' : 'M[K]_(d', eff_complexity Fm G0),
      R_basis Fm' G0' Q' /\ Q'^T *m Q' = 1%:M.
    by apply: R_orthonormal_basis; rewrite /eff_complexity e.
  exists (eff_complexity Fm G0), Q, Q'; split => //.
  have := (extended_linear_identifiability_bases hQ hQ').1 e.
  by rewrite /red_alpha_Q !dual_basis_orthonormal.
apply/(extended_linear_identifiability_bases hQ hQ').
by rewrite /red_alpha_Q !dual_basis_orthonormal.
Qed.

End TheoryForm.

(* Centring loses nothing of Gamma: the unembedding differences are the
   differences of the centred unembeddings, so their rows lie in the row
   space of G_c, and g-diversity makes G_c of full column rank. *)
Lemma unemb_diff_centred (K : fieldType) V d (G : 'M[K]_(V,d)) (p : 'I_V) :
  unemb_diff (centred G) p = unemb_diff G p.
Proof.
have e X : unemb_diff X p = centre_by X (pivot_w p).
  by rewrite /unemb_diff /centre_by /pivot_w -rowE.
by rewrite !e /centred [centre_by G (mean_w V)]/centre_by centre_by_shift //; apply: pivot_weights.
Qed.

Lemma g_diverse_centred_full (K : fieldType) V d (G : 'M[K]_(V,d)) (p : 'I_V) :
  g_diverse (unemb_diff G p) -> row_full (centred G).
Proof.
move=> hG; rewrite /row_full eqn_leq rank_leq_col /= -{1}(eqP hG) -unemb_diff_centred.
apply: mxrankS; rewrite /unemb_diff; apply: addmx_sub; first exact: submx_refl.
by rewrite eqmx_opp; apply: submx_trans (submxMl _ _) (row_sub _ _).
Qed.

(* C16 in the form of theory.md, over a real closed field: two diverse models
   with equal log-odds have whitenings W, W~ of their covariances, and (for
   these, as for any) the whitened centred unembeddings differ by an
   orthogonal matrix. *)
Theorem whitening_orthogonal_exists (K : rcfType) n V d (Fm Fm' : 'M[K]_(n,d))
    (G G' : 'M[K]_(V,d)) (p : 'I_V) :
  diverse Fm (unemb_diff G p) -> diverse Fm' (unemb_diff G' p) ->
  log_odds Fm G p = log_odds Fm' G' p ->
  exists W W' : 'M[K]_d,
    [/\ whitening (cov (centred G)) W, whitening (cov (centred G')) W'
      & exists2 O : 'M[K]_d, O^T *m O = 1%:M & centred G *m W^T = centred G' *m W'^T *m O].
Proof.
move=> h h' e; have V0 : (0 < V)%N by case: (p) => i; case: V {G G' e p h h'} i.
have hV : V%:R != 0 :> K by rewrite pnatr_eq0 -lt0n.
have f : row_full (centred G) by apply: (g_diverse_centred_full (p := p)); case/andP: h.
have f' : row_full (centred G') by apply: (g_diverse_centred_full (p := p)); case/andP: h'.
have [W hW] := whitening_exists V0 f; have [W' hW'] := whitening_exists V0 f'.
exists W, W'; split=> //; exact: whitening_orthogonal hV h h' e hW hW'.
Qed.
