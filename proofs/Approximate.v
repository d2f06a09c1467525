(* C17 (approximate linear identifiability) and C18 (approximate extended
   identifiability), formalised after Nielsen et al. (theory.md section 6),
   over a real field, in squared form (no square roots):
     ||X||^2 = fro2 X = tr (X^T X), the squared Frobenius norm;
     "c <= sigma_d(G_c)^2" is stated as G_c^T G_c - c I >= 0 (positive
     semidefinite): for c = sigma_d(G_c)^2 this holds, and sigma_d^2 is the
     largest such c (the variational characterisation of the smallest
     singular value, left on paper).
   C17: P = F~ X with F~ X the orthogonal projector onto the column space of
   F~ (X = F~^+ or any X with that product), T^T = X F:
     (I - P)(Z_c - Z~_c) = (I - P) F G_c^T,  (I - P) F = F - F~ T^T,
     c ||F - F~ T^T||^2 <= ||Z_c - Z~_c||^2.
   and the mirror bound for G_c when F^T F - c I >= 0.
   C18: the same between the reduced models (alpha, beta) built on bases of
   R and R~ (Structure.v), for any models, both ways. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Structure.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory Num.Theory Order.TTheory.
Local Open Scope ring_scope.

Section Approximate.
Variable K : realFieldType.

(* Squared Frobenius norm. *)
Definition fro2 p q (X : 'M[K]_(p,q)) : K := \tr (X^T *m X).

Lemma fro2_ge0 p q (X : 'M[K]_(p,q)) : 0 <= fro2 X.
Proof.
rewrite /fro2 /mxtrace; apply: sumr_ge0 => i _; rewrite mxE.
by apply: sumr_ge0 => k _; rewrite mxE -expr2 sqr_ge0.
Qed.

(* S is positive semidefinite: x S x^T >= 0 for every row x. *)
Definition psd d (S : 'M[K]_d) : Prop := forall x : 'rV[K]_d, 0 <= (x *m S *m x^T) 0 0.

Lemma trace_psd p d (A : 'M[K]_(p,d)) (S : 'M[K]_d) : psd S -> 0 <= \tr (A *m S *m A^T).
Proof.
move=> hS; rewrite /mxtrace; apply: sumr_ge0 => i _.
have -> : (A *m S *m A^T) i i = (row i A *m S *m (row i A)^T) 0 0.
  by rewrite -row_mul !mxE; apply: eq_bigr => k _; rewrite !mxE.
exact: hS.
Qed.

(* Pythagoras for a symmetric idempotent P:
   ||E||^2 = ||P E||^2 + ||(I - P) E||^2, hence ||(I - P) E|| <= ||E||. *)
Lemma fro2_compl_le_gen p k (P : 'M[K]_p) (E : 'M[K]_(p,k)) :
  P^T = P -> P *m P = P -> fro2 ((1%:M - P) *m E) <= fro2 E.
Proof.
move=> hs hi.
have hC : (1%:M - P)^T *m (1%:M - P) = 1%:M - P.
  have -> : (1%:M - P)^T = 1%:M - P by rewrite linearB /= trmx1 hs.
  by rewrite mulmxBl mul1mx mulmxBr mulmx1 hi subrr subr0.
have hPP : P^T *m P = P by rewrite hs hi.
have sq (X : 'M[K]_p) : X^T *m X = X -> (X *m E)^T *m (X *m E) = E^T *m X *m E.
  by move=> hX; rewrite trmx_mul mulmxA -[E^T *m X^T *m X]mulmxA hX.
have e : fro2 E = fro2 (P *m E) + fro2 ((1%:M - P) *m E).
  rewrite /fro2 (sq _ hPP) (sq _ hC) -mxtraceD -mulmxDl -mulmxDr.
  by rewrite addrC subrK mulmx1.
by rewrite e ler_addr fro2_ge0.
Qed.

(* The orthogonal projector onto the column space of B (p x q), acting on
   columns from the left: P B = B, P^T = P. *)
Definition col_proj p q (B : 'M[K]_(p,q)) : 'M[K]_p := oproj B^T.

Section ColProj.
Variables (p q : nat) (B : 'M[K]_(p,q)).
Let P := col_proj B.
Let hP : is_oproj B^T P := oproj_is B^T.

Lemma col_proj_sym : P^T = P.
Proof. by case: hP. Qed.

Lemma col_proj_fix : P *m B = B.
Proof. by case: hP => hs _ h; rewrite -[B]trmxK -[P]hs -trmx_mul h. Qed.

Lemma col_proj_idem : P *m P = P.
Proof. exact: (oproj_idem hP). Qed.

(* A generalised inverse of B with B X = P (the Moore-Penrose inverse is one). *)
Definition col_ginv : 'M[K]_(q,p) := (P *m pinvmx B^T)^T.

Lemma col_ginv_proj : B *m col_ginv = P.
Proof.
case: hP => hs sP _.
by rewrite /col_ginv -{1}[B]trmxK -trmx_mul mulmxKpV // hs.
Qed.

Lemma fro2_compl_le k (E : 'M[K]_(p,k)) : fro2 ((1%:M - P) *m E) <= fro2 E.
Proof. exact: fro2_compl_le_gen col_proj_sym col_proj_idem. Qed.

End ColProj.

(* ||A G^T||^2 >= c ||A||^2 when G^T G - c I >= 0. *)
Lemma fro2_mul_lower k p d (A : 'M[K]_(k,d)) (G : 'M[K]_(p,d)) (c : K) :
  psd (G^T *m G - c%:M) -> c * fro2 A <= fro2 (A *m G^T).
Proof.
move=> hS; rewrite -subr_ge0.
have -> : fro2 (A *m G^T) - c * fro2 A = \tr (A *m (G^T *m G - c%:M) *m A^T).
  rewrite /fro2 mulmxBr mulmxBl raddfB /=; congr (_ - _).
    by rewrite trmx_mul trmxK mxtrace_mulC !mulmxA.
  by rewrite mul_mx_scalar -scalemxAl mxtraceZ mxtrace_mulC.
exact: trace_psd.
Qed.

(* C17, the algebraic identity of the proof: with P the orthogonal projector
   onto the column space of F~ and T^T = X F (B X = P):
   (I - P)(Z_c - Z~_c) = (I - P) F G_c^T and (I - P) F = F - F~ T^T. *)
Theorem approx_identity n d d' V (Fm : 'M[K]_(n,d)) (Gc : 'M[K]_(V,d))
    (Fm' : 'M[K]_(n,d')) (Gc' : 'M[K]_(V,d')) :
  let P := col_proj Fm' in let That := (col_ginv Fm' *m Fm)^T in
  (1%:M - P) *m (Fm *m Gc^T - Fm' *m Gc'^T) = (1%:M - P) *m Fm *m Gc^T /\
  (1%:M - P) *m Fm = Fm - Fm' *m That^T.
Proof.
move=> P That; split.
  rewrite mulmxBr (mulmxA _ Fm') [(1%:M - P) *m Fm']mulmxBl mul1mx /P col_proj_fix.
  by rewrite subrr mul0mx subr0 mulmxA.
by rewrite /That trmxK mulmxA col_ginv_proj mulmxBl mul1mx.
Qed.

(* C17 (squared, any d, d~): if G_c^T G_c - c I >= 0 (c <= sigma_d(G_c)^2),
   then c ||F - F~ T^T||^2 <= ||Z_c - Z~_c||^2 with T^T = F~^+ F (here
   [col_ginv F~] for F~^+: the product F~ F~^+ F is the same). *)
Theorem approx_linear_identifiability n d d' V (Fm : 'M[K]_(n,d)) (Gc : 'M[K]_(V,d))
    (Fm' : 'M[K]_(n,d')) (Gc' : 'M[K]_(V,d')) (c : K) :
  psd (Gc^T *m Gc - c%:M) ->
  c * fro2 (Fm - Fm' *m (col_ginv Fm' *m Fm)) <= fro2 (Fm *m Gc^T - Fm' *m Gc'^T).
Proof.
move=> hS; have [e1 e2] := approx_identity Fm Gc Fm' Gc'.
move: e2; rewrite /= trmxK => e2.
rewrite -e2; apply: le_trans (fro2_mul_lower _ hS) _.
by rewrite -e1; apply: fro2_compl_le.
Qed.

Lemma fro2_tr p q (X : 'M[K]_(p,q)) : fro2 X^T = fro2 X.
Proof. by rewrite /fro2 trmxK mxtrace_mulC. Qed.

(* C17, the mirror bound (any d, d~): if F^T F - c I >= 0 (c <= sigma_d(F)^2),
   then c ||G_c - G~_c S^T||^2 <= ||Z_c - Z~_c||^2 with S^T = G~_c^+ G_c. *)
Theorem approx_linear_identifiability_g n d d' V (Fm : 'M[K]_(n,d)) (Gc : 'M[K]_(V,d))
    (Fm' : 'M[K]_(n,d')) (Gc' : 'M[K]_(V,d')) (c : K) :
  psd (Fm^T *m Fm - c%:M) ->
  c * fro2 (Gc - Gc' *m (col_ginv Gc' *m Gc)) <= fro2 (Fm *m Gc^T - Fm' *m Gc'^T).
Proof.
move=> hS; rewrite -[X in _ <= X]fro2_tr [X in _ <= fro2 X]linearB /= !trmx_mul !trmxK.
exact: approx_linear_identifiability.
Qed.

(* C18 (squared, any models): the same bound between the reduced models
   (alpha, beta) on bases Q, Q~ of R, R~ (T^T = alpha~^+ alpha) (Structure.v; the centred form uses
   G_c for G0, whose row space is the same Gamma), when beta^T beta - c I >= 0
   (c <= sigma_r(beta)^2). *)
Theorem approx_extended_identifiability n V d d' r r'
    (Fm : 'M[K]_(n,d)) (Gc : 'M[K]_(V,d)) (Fm' : 'M[K]_(n,d')) (Gc' : 'M[K]_(V,d'))
    (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r')) (c : K) :
  R_basis Fm Gc Q -> R_basis Fm' Gc' Q' ->
  let al := red_alpha_Q Fm Q in let be := red_beta_Q Gc Q in
  let al' := red_alpha_Q Fm' Q' in
  psd (be^T *m be - c%:M) ->
  c * fro2 (al - al' *m (col_ginv al' *m al)) <= fro2 (Fm *m Gc^T - Fm' *m Gc'^T).
Proof.
move=> hQ hQ' al be al' hS.
have e := red_Q_L hQ; have e' := red_Q_L hQ'; rewrite /L_of in e e'.
rewrite -e -e'; exact: approx_linear_identifiability.
Qed.

(* C18, the mirror bound: c ||beta - beta~ S^T||^2 <= ||Z_c - Z~_c||^2 when
   alpha^T alpha - c I >= 0 (c <= sigma_r(alpha)^2), S^T = beta~^+ beta. *)
Theorem approx_extended_identifiability_beta n V d d' r r'
    (Fm : 'M[K]_(n,d)) (Gc : 'M[K]_(V,d)) (Fm' : 'M[K]_(n,d')) (Gc' : 'M[K]_(V,d'))
    (Q : 'M[K]_(d,r)) (Q' : 'M[K]_(d',r')) (c : K) :
  R_basis Fm Gc Q -> R_basis Fm' Gc' Q' ->
  let al := red_alpha_Q Fm Q in let be := red_beta_Q Gc Q in
  let be' := red_beta_Q Gc' Q' in
  psd (al^T *m al - c%:M) ->
  c * fro2 (be - be' *m (col_ginv be' *m be)) <= fro2 (Fm *m Gc^T - Fm' *m Gc'^T).
Proof.
move=> hQ hQ' al be be' hS.
have e := red_Q_L hQ; have e' := red_Q_L hQ'; rewrite /L_of in e e'.
rewrite -e -e'; exact: approx_linear_identifiability_g.
Qed.

End Approximate.
