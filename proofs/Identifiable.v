(* C6 (extended linear identifiability), C15 (~EL is an equivalence relation
   with a canonical member) and C9 (T is injective on R), stated on the
   MODELS (F, G0) over a real field.

   The reduced model of (F, G0) is the one the theory builds: a basis Q of
   the identifiable subspace R = P_Gamma(E) (orthogonal projector, see
   Structure.v), alpha = F Q', beta = G0 Q with Q' = Q (Q^T Q)^-1 (= F Q and
   G0 Q for an orthonormal Q).  ~EL ([el_equiv]) asks for bases of R and R~
   of one dimension r whose reduced models are ~L.  The main theorem: for any
   d, d~, equal log-odds <=> ~EL, and then the reduced models on ANY bases
   of R and R~ (of equal dimension) are ~L, with witness M^T = pinv(alpha~)
   alpha; bases of different dimensions mean different log-odds.
   The general-field statements of Extended.v (reductions = any full-column-
   rank factorisation) are the lemmas this file applies to these models. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Pivot Diversity Complexity Extended Structure.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory Num.Theory.
Local Open Scope ring_scope.

(* ~EL on the models: bases Q of R and Q~ of R~ of one dimension r whose
   reduced models (F Q', G0 Q) and (F~ Q~', G0~ Q~) are linearly equivalent. *)
Definition el_equiv (K : realFieldType) n m d d'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) : Prop :=
  exists r (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r)),
    [/\ R_basis Fm G0 Q, R_basis Fm' G0' Q'
      & lin_equiv (red_alpha_Q Fm Q) (red_beta_Q G0 Q) (red_alpha_Q Fm' Q') (red_beta_Q G0' Q')].

Section Models.
Variable K : realFieldType.
Variables n m : nat.

(* The reduced model built on a basis of R is a reduction in the sense of
   Defs.reduced_model (full column rank r, L = alpha beta^T): C7. *)
Lemma R_basis_reduced d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Q : 'M[K]_(d,r)) :
  R_basis Fm G0 Q -> reduced_model Fm G0 (red_alpha_Q Fm Q) (red_beta_Q G0 Q).
Proof.
move=> hQ; case: (structure_lemma hQ) => _ _ _ [ra [rb _]] e.
by split.
Qed.

(* Every model has a basis of R of every dimension equal to rank L. *)
Lemma R_basis_exists d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  r = eff_complexity Fm G0 -> exists Q : 'M[K]_(d,r), R_basis Fm G0 Q.
Proof.
move=> er; subst r; rewrite -R_base_dim.
by exists (R_base Fm G0); apply: R_base_basis.
Qed.

(* C6 on any bases of R and R~ of one dimension r: equal log-odds <=> the
   reduced models built from (F, G0) and (F~, G0~) are ~L. *)
Theorem extended_linear_identifiability_bases d d' r
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r)) :
  R_basis Fm G0 Q -> R_basis Fm' G0' Q' ->
  (L_of Fm G0 = L_of Fm' G0' <->
   lin_equiv (red_alpha_Q Fm Q) (red_beta_Q G0 Q) (red_alpha_Q Fm' Q') (red_beta_Q G0' Q')).
Proof.
move=> hQ hQ'.
exact: extended_linear_identifiability_reductions (R_basis_reduced hQ) (R_basis_reduced hQ').
Qed.

(* C6, the procedure of theory.md: with equal log-odds the witness is
   M^T = pinv(alpha~) alpha. *)
Theorem extended_linear_identifiability_models_witness d d' r
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r)) :
  R_basis Fm G0 Q -> R_basis Fm' G0' Q' -> L_of Fm G0 = L_of Fm' G0' ->
  let al := red_alpha_Q Fm Q in let be := red_beta_Q G0 Q in
  let al' := red_alpha_Q Fm' Q' in let be' := red_beta_Q G0' Q' in
  let M := (pinvmx al' *m al)^T in
  [/\ M \in unitmx, al = al' *m M^T & be = be' *m invmx M].
Proof.
move=> hQ hQ' e.
exact: extended_linear_identifiability_witness (R_basis_reduced hQ) (R_basis_reduced hQ') e.
Qed.

(* C6: bases of R and R~ of different dimensions mean different log-odds
   (r = r~ is necessary). *)
Theorem extended_linear_identifiability_dim d d' r r'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r')) :
  R_basis Fm G0 Q -> R_basis Fm' G0' Q' -> r <> r' -> L_of Fm G0 <> L_of Fm' G0'.
Proof.
move=> hQ hQ'.
exact: reduced_dim_mismatch (R_basis_reduced hQ) (R_basis_reduced hQ').
Qed.

(* C6, the main identifiability theorem (formalised after the paper), on the
   models: for any d, d~, equal log-odds <=> ~EL. *)
Theorem extended_linear_identifiability_models d d'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  L_of Fm G0 = L_of Fm' G0' <-> el_equiv Fm G0 Fm' G0'.
Proof.
split=> [e | [r [Q [Q' [hQ hQ' eq]]]]]; last first.
  exact/(extended_linear_identifiability_bases hQ hQ').
have [Q hQ] := R_basis_exists (erefl (eff_complexity Fm G0)).
have [Q' hQ'] : exists Q' : 'M[K]_(d', eff_complexity Fm G0), R_basis Fm' G0' Q'.
  by apply: R_basis_exists; rewrite /eff_complexity e.
by exists (eff_complexity Fm G0), Q, Q'; split=> //; apply/(extended_linear_identifiability_bases hQ hQ').
Qed.

(* ~EL does not depend on the chosen bases: two ~EL models have ~L reduced
   models on ANY bases of R and R~ of the same dimension. *)
Theorem el_equiv_any_bases d d' r
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r)) :
  R_basis Fm G0 Q -> R_basis Fm' G0' Q' ->
  (el_equiv Fm G0 Fm' G0' <->
   lin_equiv (red_alpha_Q Fm Q) (red_beta_Q G0 Q) (red_alpha_Q Fm' Q') (red_beta_Q G0' Q')).
Proof.
move=> hQ hQ'; rewrite -extended_linear_identifiability_models.
exact: extended_linear_identifiability_bases.
Qed.

(* ===== C15: ~EL on models is an equivalence relation with a canonical member ===== *)

Theorem el_equiv_refl d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  el_equiv Fm G0 Fm G0.
Proof. exact/extended_linear_identifiability_models. Qed.

Theorem el_equiv_sym d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  el_equiv Fm G0 Fm' G0' -> el_equiv Fm' G0' Fm G0.
Proof.
by move/extended_linear_identifiability_models=> e; apply/extended_linear_identifiability_models.
Qed.

(* Transitivity across three (possibly different) dimensions d1, d2, d3. *)
Theorem el_equiv_trans d1 d2 d3
    (F1 : 'M[K]_(n,d1)) (G1 : 'M[K]_(m,d1)) (F2 : 'M[K]_(n,d2)) (G2 : 'M[K]_(m,d2))
    (F3 : 'M[K]_(n,d3)) (G3 : 'M[K]_(m,d3)) :
  el_equiv F1 G1 F2 G2 -> el_equiv F2 G2 F3 G3 -> el_equiv F1 G1 F3 G3.
Proof.
move/extended_linear_identifiability_models=> e1 /extended_linear_identifiability_models e2.
by apply/extended_linear_identifiability_models; rewrite e1.
Qed.

(* Every model is ~EL to its minimal model, which is diverse of dimension
   r = rank L (the row-echelon factorisation of Complexity.v). *)
Theorem minimal_model_el_equiv d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  el_equiv Fm G0 (red_alpha Fm G0) (red_beta Fm G0) /\
  diverse (red_alpha Fm G0) (red_beta Fm G0).
Proof.
have [e _ dv] := minimal_model Fm G0.
by split=> //; apply/extended_linear_identifiability_models.
Qed.

(* Two models are ~EL iff their minimal models are ~L: for any diverse
   models (a, b) and (a~, b~) of one dimension r with the log-odds of
   (F, G0) and of (F~, G0~) respectively. *)
Theorem el_equiv_iff_minimal_lin_equiv d d' r
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (a a' : 'M[K]_(n,r)) (b b' : 'M[K]_(m,r)) :
  diverse a b -> L_of a b = L_of Fm G0 ->
  diverse a' b' -> L_of a' b' = L_of Fm' G0' ->
  (el_equiv Fm G0 Fm' G0' <-> lin_equiv a b a' b').
Proof.
move=> da ea da' ea'; rewrite -extended_linear_identifiability_models -ea -ea'.
exact: linear_identifiability.
Qed.

(* ~EL on the models coincides with the general-field ~EL of Extended.v
   (reductions as arbitrary full-column-rank factorisations). *)
Lemma el_equiv_ext_lin_equiv d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  el_equiv Fm G0 Fm' G0' <-> ext_lin_equiv Fm G0 Fm' G0'.
Proof.
by rewrite -extended_linear_identifiability_models extended_linear_identifiability.
Qed.

(* C15 in one statement, for three models of dimensions d1, d2, d3:
   ~EL is reflexive, symmetric and transitive, and every model is ~EL to its
   (diverse) minimal model. *)
Theorem el_equiv_equivalence d1 d2 d3
    (F1 : 'M[K]_(n,d1)) (G1 : 'M[K]_(m,d1)) (F2 : 'M[K]_(n,d2)) (G2 : 'M[K]_(m,d2))
    (F3 : 'M[K]_(n,d3)) (G3 : 'M[K]_(m,d3)) :
  [/\ el_equiv F1 G1 F1 G1,
      el_equiv F1 G1 F2 G2 -> el_equiv F2 G2 F1 G1,
      el_equiv F1 G1 F2 G2 -> el_equiv F2 G2 F3 G3 -> el_equiv F1 G1 F3 G3
    & (el_equiv F1 G1 (red_alpha F1 G1) (red_beta F1 G1) /\
       diverse (red_alpha F1 G1) (red_beta F1 G1))].
Proof.
split; [exact: el_equiv_refl | exact: el_equiv_sym | exact: el_equiv_trans |].
exact: minimal_model_el_equiv.
Qed.

End Models.

(* C6 for the log-odds against pivot p of full models (F, G) and (F~, G~). *)
Theorem extended_linear_identifiability_models_pivot (K : realFieldType) n V d d'
    (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) (Fm' : 'M[K]_(n,d')) (G' : 'M[K]_(V,d'))
    (p : 'I_V) :
  log_odds Fm G p = log_odds Fm' G' p <->
  el_equiv Fm (G0_red G p) Fm' (G0_red G' p).
Proof.
rewrite -extended_linear_identifiability_models -!log_odds_red_G0.
by rewrite /log_odds_red /log_odds log_odds_red_eq.
Qed.

(* ===== C9: T = G0~^+ G0 is injective on R ===== *)
Section Injective.
Variable K : realFieldType.
Variables n m : nat.

(* For any generalised inverse X of G0~ (G0~ X G0~ = G0~: MathComp's pinvmx,
   and the Moore-Penrose inverse, are such), T = X G0 maps no nonzero row of
   R = P_Gamma(E) to 0, when the log-odds agree. *)
Theorem projection_T_injective_ginv d d'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d'))
    (X : 'M[K]_(d',m)) :
  L_of Fm G0 = L_of Fm' G0' -> G0' *m X *m G0' = G0' ->
  forall p (Y : 'M[K]_(p,d)), (Y <= ident_space Fm G0)%MS ->
  Y *m (X *m G0)^T = 0 -> Y = 0.
Proof.
move=> e hX p Y /submxP [W ->] h.
have hP := oproj_is G0.
have eY : W *m ident_space Fm G0 *m G0^T = W *m L_of Fm' G0'.
  by rewrite -e /ident_space /L_of -mulmxA -(mulmxA Fm) (oproj_tr_fix hP).
apply: (sub_orth_eq0 (A := G0)).
  by apply: submx_trans (submxMl _ _) _; apply: (oproj_sub hP).
have h' : W *m L_of Fm' G0' *m X^T = 0.
  move: h; rewrite trmx_mul mulmxA => hh; apply: etrans _ hh; congr (_ *m _); exact: esym eY.
apply: etrans eY _.
move: h'; rewrite /L_of mulmxA => h'.
by rewrite /L_of -hX !trmx_mul !mulmxA h' mul0mx.
Qed.

(* C9 with T = pinv(G0~) G0 (the T of Diversity.projection_form): T is
   injective on R, i.e. rank (R T^T) = rank R = r. *)
Theorem projection_T_injective d d'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  L_of Fm G0 = L_of Fm' G0' ->
  let T := pinvmx G0' *m G0 in
  (forall x : 'rV[K]_d, (x <= ident_space Fm G0)%MS -> x *m T^T = 0 -> x = 0) /\
  \rank (ident_space Fm G0 *m T^T) = eff_complexity Fm G0.
Proof.
move=> e T; have hX : G0' *m pinvmx G0' *m G0' = G0' by apply: mulmxKpV.
split; first by move=> x; apply: (projection_T_injective_ginv e hX).
rewrite -R_base_dim; apply/mxrank_injP/eqP.
apply: (projection_T_injective_ginv e hX); first exact: capmxSl.
by apply/sub_kermxP; apply: capmxSr.
Qed.

(* C9 with the ORTHOGONAL projectors of the theory: for the generalised
   inverse X = P_Gamma~ pinv(G0~) of G0~ (X G0~ = P_Gamma~, as for the
   Moore-Penrose inverse) and T = X G0: F~ P_Gamma~ = F P_Gamma T^T, and T is
   injective on R. *)
Theorem projection_form_orth d d'
    (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) :
  L_of Fm G0 = L_of Fm' G0' ->
  let X := oproj G0' *m pinvmx G0' in let T := X *m G0 in
  [/\ X *m G0' = oproj G0',
      Fm' *m oproj G0' = Fm *m oproj G0 *m T^T
    & forall x : 'rV[K]_d, (x <= ident_space Fm G0)%MS -> x *m T^T = 0 -> x = 0].
Proof.
move=> e X T; have hP' := oproj_is G0'; have hP := oproj_is G0.
have hX : X *m G0' = oproj G0'.
  by rewrite /X mulmxKpV //; case: hP'.
have hgX : G0' *m X *m G0' = G0'.
  by rewrite -mulmxA hX; case: hP'.
split=> //; last by move=> x; apply: (projection_T_injective_ginv e hgX).
case: hP' => sP' _ _.
rewrite /T trmx_mul -mulmxA (mulmxA (oproj G0)) (oproj_tr_fix hP) mulmxA.
by rewrite -/(L_of Fm G0) e /L_of -mulmxA -trmx_mul hX sP'.
Qed.

End Injective.
