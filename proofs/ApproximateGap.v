(* C17 and C18 (approximate identifiability, theory.md section 6; after Nielsen,
   Marconato, Gresele, Dittadi and Buchholz 2026), over any field: the algebraic
   identity behind both bounds.  Let X be a generalised inverse of Ft
   (Ft X Ft = Ft, e.g. the pseudo-inverse over the reals), P = Ft X the
   projection onto the columns of Ft and T^T = X F the best map.  Then the part
   of the centred-logit gap outside the columns of Ft is exactly the embedding
   residual seen through the unembeddings:
       (1 - P) (F Gc^T - Ft Gct^T) = (F - Ft T^T) Gc^T.
   The norm inequality that turns it into the bounds
   (||(F - Ft T^T) Gc^T|| >= sigma_d(Gc) ||F - Ft T^T||, and its reduced-model
   form with alpha_c, beta_c) needs the reals and stays on paper. *)
From mathcomp Require Import all_ssreflect all_algebra.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Approximate.
Variable K : fieldType.

(* (1 - Ft X) annihilates Ft when X is a generalised inverse of Ft. *)
Lemma complement_kills n d' (Ft : 'M[K]_(n,d')) (X : 'M[K]_(d',n)) :
  Ft *m X *m Ft = Ft -> (1%:M - Ft *m X) *m Ft = 0.
Proof. by move=> h; rewrite mulmxBl mul1mx h subrr. Qed.

(* The residual of the map T^T = X F. *)
Lemma complement_residual n d d' (F : 'M[K]_(n,d)) (Ft : 'M[K]_(n,d')) (X : 'M[K]_(d',n)) :
  (1%:M - Ft *m X) *m F = F - Ft *m (X *m F).
Proof. by rewrite mulmxBl mul1mx mulmxA. Qed.

(* The identity of C17 (and of C18 with alpha_c, beta_c in place of F, Gc). *)
Theorem approximate_gap_identity n V d d' (F : 'M[K]_(n,d)) (Gc : 'M[K]_(V,d))
    (Ft : 'M[K]_(n,d')) (Gct : 'M[K]_(V,d')) (X : 'M[K]_(d',n)) :
  Ft *m X *m Ft = Ft ->
  (1%:M - Ft *m X) *m (F *m Gc^T - Ft *m Gct^T) = (F - Ft *m (X *m F)) *m Gc^T.
Proof.
move=> h; rewrite mulmxBr !mulmxA (complement_kills h) mul0mx subr0.
by rewrite complement_residual !mulmxA.
Qed.

(* At zero gap the embedding residual is orthogonal to the unembeddings:
   when Gc has full column rank this forces F = Ft T^T (C3/C4 at d_logit = 0). *)
Corollary zero_gap_residual n V d d' (F : 'M[K]_(n,d)) (Gc : 'M[K]_(V,d))
    (Ft : 'M[K]_(n,d')) (Gct : 'M[K]_(V,d')) (X : 'M[K]_(d',n)) :
  Ft *m X *m Ft = Ft -> F *m Gc^T = Ft *m Gct^T ->
  (F - Ft *m (X *m F)) *m Gc^T = 0.
Proof.
by move=> h e; rewrite -(@approximate_gap_identity n V d d' F Gc Ft Gct X h) e subrr mulmx0.
Qed.

End Approximate.
