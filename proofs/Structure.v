(* C7 (the structure lemma), forward direction, over a real field.

   Over an ordered field x x^T = 0 forces x = 0 (a sum of squares), hence
   rank (A A^T) = rank A, and every subspace has an ORTHOGONAL projector:
   [oproj A] = B^T (B B^T)^-1 B with B = row_base A.  With it:
     Gamma = row space of G0,  P_Gamma = oproj G0,
     E     = row space of F,
     R     = P_Gamma(E) = row space of F P_Gamma  (the identifiable subspace),
   and for ANY basis Q of R (Q : d x r, the columns span R, rank r) with the
   dual basis Q' = Q (Q^T Q)^-1 (Q^T Q' = I; Q' = Q when Q is orthonormal):
     alpha = F Q',  beta = G0 Q,  N = F - alpha Q^T,  Mj = G0 - beta Q'^T,
   N's rows lie in Gamma^perp, Mj's rows in Gamma /\ E^perp, N Mj^T = 0,
   rank alpha = rank beta = r = rank L, and L = alpha beta^T.
   Matrices hold one object per ROW (theory.md): a subspace is the row space
   of a matrix, (X <= A)%MS says the rows of X lie in it, and X A^T = 0 says
   they are orthogonal to it. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory Num.Theory.
Local Open Scope ring_scope.

Section Orthogonality.
Variable K : realFieldType.

(* Sums of squares: A A^T = 0 forces A = 0. *)
Lemma gram_eq0 p d (A : 'M[K]_(p,d)) : A *m A^T = 0 -> A = 0.
Proof.
move=> h; apply/matrixP => i j; rewrite mxE.
have := congr1 (fun X : 'M[K]_p => X i i) h; rewrite !mxE => /eqP.
rewrite psumr_eq0 => [/allP /(_ j (mem_index_enum j)) /= | k _].
  by rewrite mxE -expr2 sqrf_eq0 => /eqP.
by rewrite mxE -expr2 sqr_ge0.
Qed.

(* A matrix whose rows lie in the row space of A and are orthogonal to it is 0. *)
Lemma sub_orth_eq0 p q d (X : 'M[K]_(p,d)) (A : 'M[K]_(q,d)) :
  (X <= A)%MS -> X *m A^T = 0 -> X = 0.
Proof.
case/submxP=> W -> h; apply: gram_eq0.
by rewrite trmx_mul mulmxA h mul0mx.
Qed.

(* rank (X A^T) = rank X when the rows of X lie in the row space of A. *)
Lemma mxrank_mul_tr p q d (X : 'M[K]_(p,d)) (A : 'M[K]_(q,d)) :
  (X <= A)%MS -> \rank (X *m A^T) = \rank X.
Proof.
move=> sXA; apply/mxrank_injP/eqP.
apply: (sub_orth_eq0 (A := A)); first by apply: submx_trans sXA; apply: capmxSl.
by apply/sub_kermxP; apply: capmxSr.
Qed.

Lemma mxrank_gram p d (A : 'M[K]_(p,d)) : \rank (A *m A^T) = \rank A.
Proof. exact/mxrank_mul_tr/submx_refl. Qed.

Lemma gram_unit p d (A : 'M[K]_(p,d)) : row_free A -> A *m A^T \in unitmx.
Proof. by move=> fA; rewrite -row_free_unit /row_free mxrank_gram. Qed.

(* P is the orthogonal projector onto the row space of A: symmetric, its rows
   lie in that space, and it fixes A. *)
Definition is_oproj q d (A : 'M[K]_(q,d)) (P : 'M[K]_d) : Prop :=
  [/\ P^T = P, (P <= A)%MS & A *m P = A].

Section OprojFacts.
Variables (q d : nat) (A : 'M[K]_(q,d)) (P : 'M[K]_d).

Lemma oproj_fix (hP : is_oproj A P) p (X : 'M[K]_(p,d)) : (X <= A)%MS -> X *m P = X.
Proof. by case: hP => _ _ hA /submxP [W ->]; rewrite -mulmxA hA. Qed.

Lemma oproj_tr_fix (hP : is_oproj A P) : P *m A^T = A^T.
Proof. by case: hP => hs _ hA; rewrite -{1}hs -trmx_mul hA. Qed.

Lemma oproj_orth (hP : is_oproj A P) p (X : 'M[K]_(p,d)) : X *m A^T = 0 -> X *m P = 0.
Proof.
case: hP => hs /submxP [W hW] _ h.
by rewrite -hs hW trmx_mul mulmxA h mul0mx.
Qed.

Lemma oproj_idem (hP : is_oproj A P) : P *m P = P.
Proof. by rewrite (oproj_fix hP) //; case: hP. Qed.

Lemma oproj_sub (hP : is_oproj A P) p (X : 'M[K]_(p,d)) : (X *m P <= A)%MS.
Proof. by case: hP => _ sPA _; apply: submx_trans sPA; apply: submxMl. Qed.

(* I - P maps every row into the orthogonal complement of A. *)
Lemma oproj_compl_orth (hP : is_oproj A P) p (X : 'M[K]_(p,d)) : (X - X *m P) *m A^T = 0.
Proof. by rewrite mulmxBl -mulmxA (oproj_tr_fix hP) subrr. Qed.

End OprojFacts.

(* Orthogonal projectors are unique. *)
Lemma oproj_uniq q d (A : 'M[K]_(q,d)) (P1 P2 : 'M[K]_d) :
  is_oproj A P1 -> is_oproj A P2 -> P1 = P2.
Proof.
move=> h1 h2; have e12 : P1 *m P2 = P1 by apply: (oproj_fix h2); case: h1.
have e21 : P2 *m P1 = P2 by apply: (oproj_fix h1); case: h2.
case: h1 => s1 _ _; case: h2 => s2 _ _.
by rewrite -e12 -[RHS]e21 -{1}s1 -{1}s2 -trmx_mul e21 s2.
Qed.

Lemma is_oproj_eqmx q q' d (A : 'M[K]_(q,d)) (B : 'M[K]_(q',d)) (P : 'M[K]_d) :
  (A :=: B)%MS -> is_oproj A P -> is_oproj B P.
Proof.
move=> eAB hP; split; first by case: hP.
  by rewrite -eAB; case: hP.
by apply: (oproj_fix hP); rewrite eAB.
Qed.

(* The projector built on a full-row-rank matrix B: B^T (B B^T)^-1 B. *)
Definition oproj_free q d (B : 'M[K]_(q,d)) : 'M[K]_d :=
  B^T *m invmx (B *m B^T) *m B.

Lemma oproj_free_is q d (B : 'M[K]_(q,d)) : row_free B -> is_oproj B (oproj_free B).
Proof.
move=> fB; have u := gram_unit fB; split.
- rewrite /oproj_free !trmx_mul trmxK trmx_inv trmx_mul trmxK.
  by rewrite mulmxA.
- exact: submxMl.
- by rewrite /oproj_free !mulmxA mulmxV // mul1mx.
Qed.

(* P_A: the orthogonal projector onto the row space of any A. *)
Definition oproj q d (A : 'M[K]_(q,d)) : 'M[K]_d := oproj_free (row_base A).

Lemma oproj_is q d (A : 'M[K]_(q,d)) : is_oproj A (oproj A).
Proof. exact/(is_oproj_eqmx (eq_row_base A))/oproj_free_is/row_base_free. Qed.

End Orthogonality.

(* ===== C7: the identifiable subspace R and the reduced model built on it ===== *)
Section StructureLemma.
Variable K : realFieldType.
Variables n m d : nat.

(* The rows P_Gamma f(x): their row space is R = P_Gamma(E). *)
Definition ident_space (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) : 'M[K]_(n,d) :=
  Fm *m oproj G0.

(* Q (d x r) is a basis of R: its columns span R and are independent. *)
Definition R_basis r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Q : 'M[K]_(d,r)) : bool :=
  (Q^T == ident_space Fm G0)%MS && row_free Q^T.

(* The dual basis Q' = Q (Q^T Q)^-1 of R (Q^T Q' = I); Q' = Q when Q is
   orthonormal. *)
Definition dual_basis r (Q : 'M[K]_(d,r)) : 'M[K]_(d,r) := Q *m invmx (Q^T *m Q).

(* The reduced model of (F, G0) on the basis Q: alpha = F Q', beta = G0 Q
   (the coordinates of P_Gamma f(x) in the basis Q, and of g0 against Q). *)
Definition red_alpha_Q r (Fm : 'M[K]_(n,d)) (Q : 'M[K]_(d,r)) : 'M[K]_(n,r) :=
  Fm *m dual_basis Q.
Definition red_beta_Q r (G0 : 'M[K]_(m,d)) (Q : 'M[K]_(d,r)) : 'M[K]_(m,r) :=
  G0 *m Q.

(* Embedding junk N = F - alpha Q^T and unembedding junk Mj = G0 - beta Q'^T. *)
Definition emb_junk r (Fm : 'M[K]_(n,d)) (Q : 'M[K]_(d,r)) : 'M[K]_(n,d) :=
  Fm - red_alpha_Q Fm Q *m Q^T.
Definition unemb_junk r (G0 : 'M[K]_(m,d)) (Q : 'M[K]_(d,r)) : 'M[K]_(m,d) :=
  G0 - red_beta_Q G0 Q *m (dual_basis Q)^T.

(* A canonical basis of R (MathComp's row-echelon basis), of dimension rank R. *)
Definition R_base (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
  : 'M[K]_(d, \rank (ident_space Fm G0)) := (row_base (ident_space Fm G0))^T.

Lemma R_base_basis (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  R_basis Fm G0 (R_base Fm G0).
Proof. by rewrite /R_basis /R_base trmxK row_base_free andbT; apply/eqmxP/eq_row_base. Qed.

Section OnABasis.
Variables (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (r : nat) (Q : 'M[K]_(d,r)).

Let P := oproj G0.
Let hP : is_oproj G0 P := oproj_is G0.
Let PR := dual_basis Q *m Q^T.

Let eQ (hQ : R_basis Fm G0 Q) : (Q^T :=: Fm *m P)%MS.
Proof. by case/andP: hQ => /eqmxP. Qed.
Let fQ (hQ : R_basis Fm G0 Q) : row_free Q^T.
Proof. by case/andP: hQ. Qed.

Lemma R_basis_gram_unit (hQ : R_basis Fm G0 Q) : Q^T *m Q \in unitmx.
Proof. by have := gram_unit (fQ hQ); rewrite trmxK. Qed.

Lemma dual_basis_biorth (hQ : R_basis Fm G0 Q) : Q^T *m dual_basis Q = 1%:M.
Proof. by rewrite /dual_basis mulmxA mulmxV // (R_basis_gram_unit hQ). Qed.

Let hPR (hQ : R_basis Fm G0 Q) : is_oproj Q^T PR.
Proof. by have := oproj_free_is (fQ hQ); rewrite /oproj_free trmxK /PR /dual_basis. Qed.

Let sQG (hQ : R_basis Fm G0 Q) : (Q^T <= G0)%MS.
Proof. by rewrite (eQ hQ); apply: (oproj_sub hP). Qed.

Let PR_P (hQ : R_basis Fm G0 Q) : PR *m P = PR.
Proof. apply: (oproj_fix hP); apply: submx_trans (sQG hQ); by case: (hPR hQ). Qed.

Let P_PR (hQ : R_basis Fm G0 Q) : P *m PR = PR.
Proof.
case: hP => sP _ _; case: (hPR hQ) => sPR _ _.
by rewrite -{1}sP -{1}sPR -trmx_mul (PR_P hQ).
Qed.

(* alpha Q^T = F P_R = F P_Gamma: both are the projections P_Gamma f(x). *)
Let FPR (hQ : R_basis Fm G0 Q) : Fm *m PR = Fm *m P.
Proof.
by rewrite -(P_PR hQ) mulmxA (oproj_fix (hPR hQ)) // (eQ hQ).
Qed.

Let alphaQ (hQ : R_basis Fm G0 Q) : red_alpha_Q Fm Q *m Q^T = Fm *m P.
Proof. by rewrite /red_alpha_Q -mulmxA -/PR (FPR hQ). Qed.

Let betaQ (hQ : R_basis Fm G0 Q) : red_beta_Q G0 Q *m (dual_basis Q)^T = G0 *m PR.
Proof.
rewrite /red_beta_Q -mulmxA; congr (_ *m _).
by rewrite /dual_basis trmx_mul trmx_inv trmx_mul trmxK mulmxA.
Qed.

Lemma emb_junkE (hQ : R_basis Fm G0 Q) : emb_junk Fm Q = Fm - Fm *m P.
Proof. by rewrite /emb_junk (alphaQ hQ). Qed.

Lemma unemb_junkE (hQ : R_basis Fm G0 Q) : unemb_junk G0 Q = G0 - G0 *m PR.
Proof. by rewrite /unemb_junk (betaQ hQ). Qed.

(* N's rows lie in Gamma^perp. *)
Lemma emb_junk_orth (hQ : R_basis Fm G0 Q) : emb_junk Fm Q *m G0^T = 0.
Proof. by rewrite (emb_junkE hQ); apply: (oproj_compl_orth hP). Qed.

(* Mj's rows lie in Gamma ... *)
Lemma unemb_junk_sub (hQ : R_basis Fm G0 Q) : (unemb_junk G0 Q <= G0)%MS.
Proof.
rewrite (unemb_junkE hQ); apply: addmx_sub; first exact: submx_refl.
by rewrite eqmx_opp; apply: submx_trans (sQG hQ); apply: (oproj_sub (hPR hQ)).
Qed.

(* ... and in E^perp. *)
Lemma unemb_junk_orth (hQ : R_basis Fm G0 Q) : unemb_junk G0 Q *m Fm^T = 0.
Proof.
case: hP => sP _ hG; case: (hPR hQ) => sPR _ _.
rewrite (unemb_junkE hQ) mulmxBl -mulmxA -{1}sPR -trmx_mul (FPR hQ) trmx_mul sP.
by rewrite mulmxA hG subrr.
Qed.

(* N Mj^T = 0: the two junks are orthogonal. *)
Lemma junk_orth (hQ : R_basis Fm G0 Q) : emb_junk Fm Q *m (unemb_junk G0 Q)^T = 0.
Proof.
have NP : emb_junk Fm Q *m P = 0.
  by rewrite (emb_junkE hQ) mulmxBl -mulmxA (oproj_idem hP) subrr.
have NPR : emb_junk Fm Q *m PR = 0 by rewrite -(P_PR hQ) mulmxA NP mul0mx.
case: (hPR hQ) => sPR _ _.
rewrite (unemb_junkE hQ) linearB /= mulmxBr (emb_junk_orth hQ) trmx_mul sPR mulmxA NPR.
by rewrite mul0mx subrr.
Qed.

(* N is invisible to the dual basis, Mj to the basis: N Q' = 0, Mj Q = 0. *)
Lemma emb_junk_dual (hQ : R_basis Fm G0 Q) : emb_junk Fm Q *m dual_basis Q = 0.
Proof.
rewrite /emb_junk mulmxBl -mulmxA (dual_basis_biorth hQ) mulmx1.
by rewrite /red_alpha_Q subrr.
Qed.

Lemma unemb_junk_basis (hQ : R_basis Fm G0 Q) : unemb_junk G0 Q *m Q = 0.
Proof.
rewrite /unemb_junk mulmxBl -mulmxA.
have -> : (dual_basis Q)^T *m Q = 1%:M.
  by rewrite -[Q in _ *m Q]trmxK -trmx_mul (dual_basis_biorth hQ) trmx1.
by rewrite mulmx1 /red_beta_Q subrr.
Qed.

(* L = alpha beta^T. *)
Lemma red_Q_L (hQ : R_basis Fm G0 Q) : L_of (red_alpha_Q Fm Q) (red_beta_Q G0 Q) = L_of Fm G0.
Proof.
rewrite /L_of /red_beta_Q trmx_mul mulmxA.
by rewrite (alphaQ hQ) -mulmxA (oproj_tr_fix hP).
Qed.

Let rank_FP (hQ : R_basis Fm G0 Q) : \rank (Fm *m P) = r.
Proof. by rewrite -(eQ hQ); apply/eqP; apply: (fQ hQ). Qed.

(* dim R = rank L: the dimension of any basis of R is the effective complexity. *)
Lemma R_basis_dim (hQ : R_basis Fm G0 Q) : r = eff_complexity Fm G0.
Proof.
rewrite /eff_complexity /L_of -(oproj_tr_fix hP) mulmxA mxrank_mul_tr ?(rank_FP hQ) //.
exact: (oproj_sub hP).
Qed.

Lemma red_alpha_Q_rank (hQ : R_basis Fm G0 Q) : \rank (red_alpha_Q Fm Q) = r.
Proof.
apply/eqP; rewrite eqn_leq rank_leq_col /= -{1}(rank_FP hQ) -(alphaQ hQ).
exact: mxrankM_maxl.
Qed.

Lemma red_beta_Q_rank (hQ : R_basis Fm G0 Q) : \rank (red_beta_Q G0 Q) = r.
Proof.
apply/eqP; rewrite eqn_leq rank_leq_col /= {1}(R_basis_dim hQ) /eff_complexity -(red_Q_L hQ).
by rewrite /L_of -(mxrank_tr (red_beta_Q G0 Q)) mxrankM_maxr.
Qed.

End OnABasis.

(* C7, the structure lemma (forward direction), over any real field: for a
   model (F, G0) and ANY basis Q of R = P_Gamma(E), with alpha = F Q',
   beta = G0 Q (Q' the dual basis), N = F - alpha Q^T, Mj = G0 - beta Q'^T:
   F = alpha Q^T + N, G0 = beta Q'^T + Mj, N's rows lie in Gamma^perp,
   Mj's rows in Gamma /\ E^perp, N Mj^T = 0, rank alpha = rank beta = r
   = rank L, and L = alpha beta^T. *)
Theorem structure_lemma r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (Q : 'M[K]_(d,r)) :
  R_basis Fm G0 Q ->
  let al := red_alpha_Q Fm Q in let be := red_beta_Q G0 Q in
  let N := emb_junk Fm Q in let Mj := unemb_junk G0 Q in
  [/\ Fm = al *m Q^T + N /\ G0 = be *m (dual_basis Q)^T + Mj,
      N *m G0^T = 0 /\ ((Mj <= G0)%MS /\ Mj *m Fm^T = 0),
      N *m Mj^T = 0,
      \rank al = r /\ \rank be = r /\ r = eff_complexity Fm G0
    & L_of Fm G0 = al *m be^T].
Proof.
move=> hQ al be N Mj; split.
- by split; rewrite /N /Mj /emb_junk /unemb_junk addrC subrK.
- by rewrite /N /Mj (emb_junk_orth hQ) (unemb_junk_sub hQ) (unemb_junk_orth hQ).
- exact: junk_orth.
- by rewrite (red_alpha_Q_rank hQ) (red_beta_Q_rank hQ) -(R_basis_dim hQ).
- by rewrite -(red_Q_L hQ).
Qed.

(* The theory's form: for an ORTHONORMAL basis Q of R (Q^T Q = I) the dual
   basis is Q itself, alpha = F Q, beta = G0 Q, F = alpha Q^T + N and
   G0 = beta Q^T + Mj. *)
Lemma dual_basis_orthonormal r (Q : 'M[K]_(d,r)) : Q^T *m Q = 1%:M -> dual_basis Q = Q.
Proof. by rewrite /dual_basis => ->; rewrite invmx1 mulmx1. Qed.

Theorem structure_lemma_orthonormal r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Q : 'M[K]_(d,r)) :
  R_basis Fm G0 Q -> Q^T *m Q = 1%:M ->
  let N := Fm - Fm *m Q *m Q^T in let Mj := G0 - G0 *m Q *m Q^T in
  [/\ Fm = (Fm *m Q) *m Q^T + N /\ G0 = (G0 *m Q) *m Q^T + Mj,
      N *m G0^T = 0 /\ ((Mj <= G0)%MS /\ Mj *m Fm^T = 0),
      N *m Mj^T = 0,
      \rank (Fm *m Q) = r /\ \rank (G0 *m Q) = r /\ r = eff_complexity Fm G0
    & L_of Fm G0 = (Fm *m Q) *m (G0 *m Q)^T].
Proof.
move=> hQ hO N Mj; have := structure_lemma hQ.
rewrite /= /emb_junk /unemb_junk /red_alpha_Q /red_beta_Q dual_basis_orthonormal //.
Qed.

(* Every model has a basis of R, of dimension rank L. *)
Lemma R_base_dim (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) :
  \rank (ident_space Fm G0) = eff_complexity Fm G0.
Proof. exact: R_basis_dim (R_base_basis Fm G0). Qed.

End StructureLemma.
