(* C13 (linear probing), over any field.  A probe (W, b) on the contexts s of
   S_q predicts the answer log-odds after s (+) q from the embedding f(s).
   A probe that reads no embedding junk (W vanishes on E /\ Gamma^perp) exists
   <=> the answer log-odds are affine in the log-odds rows l(s) = G0 f(s), a
   property of P alone: all or none across models with the same P. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Probing.
Variable K : fieldType.

(* (W, b) is a probe: Y = FS W^T + 1 b, i.e. the answer log-odds row after
   s (+) q is W f(s) + b for every s (Y : k x p, p answer log-odds). *)
Definition is_probe k d p (FS : 'M[K]_(k,d)) (Y : 'M[K]_(k,p))
    (W : 'M[K]_(p,d)) (b : 'rV[K]_p) : Prop :=
  Y = FS *m W^T + (ones k)^T *m b.

(* W reads no embedding junk: W v = 0 for every v in E /\ Gamma^perp, with E
   the row space of E_ (e.g. all embeddings F) and Gamma^perp = ker G0. *)
Definition junk_free e m d p (E_ : 'M[K]_(e,d)) (G0 : 'M[K]_(m,d)) (W : 'M[K]_(p,d)) : bool :=
  (E_ :&: kermx G0^T <= kermx W^T)%MS.

(* The answer log-odds are affine in the log-odds rows LS = FS G0^T. *)
Definition affine_in_log_odds k m p (LS : 'M[K]_(k,m)) (Y : 'M[K]_(k,p)) : Prop :=
  exists (C : 'M[K]_(p,m)) (c : 'rV[K]_p), Y = LS *m C^T + (ones k)^T *m c.

(* Kernel duality: if every u with u H = 0 has u Z = 0, then Z = H X. *)
Lemma ker_factor k m p (H : 'M[K]_(k,m)) (Z : 'M[K]_(k,p)) :
  (kermx H <= kermx Z)%MS -> exists X : 'M[K]_(m,p), Z = H *m X.
Proof.
move=> hk; set Ce := col_ebase H; set Re := row_ebase H; set r := \rank H.
have uCe : Ce \in unitmx by apply: col_ebase_unit.
have uRe : Re \in unitmx by apply: row_ebase_unit.
have h0 : copid_mx r *m invmx Ce *m Z = 0.
  apply/sub_kermxP; apply: submx_trans hk; apply/sub_kermxP.
  rewrite -{1}[H]mulmx_ebase -/Ce -/Re -/r !mulmxA mulmxKV //.
  by rewrite mul_copid_mx_pid ?rank_leq_row // !mul0mx.
exists (invmx Re *m pid_mx r *m invmx Ce *m Z).
rewrite -{1}[H]mulmx_ebase -/Ce -/Re -/r !mulmxA mulmxK //.
rewrite -(mulmxA Ce (pid_mx r) (pid_mx r)) pid_mx_id ?rank_leq_col //.
have -> : pid_mx r = 1%:M - copid_mx r :> 'M[K]_k by rewrite /copid_mx opprB addrC subrK.
by rewrite mulmxBr mulmx1 mulmxBl mulmxV // mulmxBl mul1mx -!mulmxA (mulmxA (copid_mx r)) h0 !mulmx0 subr0.
Qed.

(* C13: a junk-free probe exists <=> the answer log-odds are affine in the
   log-odds rows l(s) (FS inside E, e.g. E = all embeddings). *)
Theorem probe_iff_affine k e m d p (FS : 'M[K]_(k,d)) (E_ : 'M[K]_(e,d))
    (G0 : 'M[K]_(m,d)) (Y : 'M[K]_(k,p)) :
  (FS <= E_)%MS ->
  (exists (W : 'M[K]_(p,d)) (b : 'rV[K]_p), junk_free E_ G0 W /\ is_probe FS Y W b) <->
  affine_in_log_odds (L_of FS G0) Y.
Proof.
move=> hFS; split=> [[W [b [hW eY]]] | [C [c eY]]].
  have hk : (kermx (FS *m G0^T) <= kermx (FS *m W^T))%MS.
    apply/sub_kermxP; rewrite mulmxA; apply/sub_kermxP; apply: submx_trans hW.
    rewrite sub_capmx (submx_trans (submxMl _ _) hFS) /=.
    by apply/sub_kermxP; rewrite -mulmxA mulmx_ker.
  have [X eX] := ker_factor hk.
  by exists X^T, b; rewrite eY eX trmxK.
exists (C *m G0), c; split; last by rewrite /is_probe eY /L_of trmx_mul mulmxA.
apply/sub_kermxP; rewrite trmx_mul mulmxA.
have /sub_kermxP -> : (E_ :&: kermx G0^T <= kermx G0^T)%MS by apply: capmxSr.
by rewrite mul0mx.
Qed.

(* C13 all or none: models with the same log-odds on S_q (and hence the same
   answer log-odds Y, which are log-odds too) either both have a junk-free
   probe or neither; any dimensions d, d~. *)
Theorem probe_all_or_none k e e' m d d' p (FS : 'M[K]_(k,d)) (E_ : 'M[K]_(e,d))
    (G0 : 'M[K]_(m,d)) (FS' : 'M[K]_(k,d')) (E' : 'M[K]_(e',d')) (G0' : 'M[K]_(m,d'))
    (Y : 'M[K]_(k,p)) :
  (FS <= E_)%MS -> (FS' <= E')%MS -> L_of FS G0 = L_of FS' G0' ->
  (exists W b, junk_free E_ G0 W /\ is_probe FS Y W b) <->
  (exists W b, junk_free E' G0' W /\ is_probe FS' Y W b).
Proof.
move=> h h' eL; rewrite (probe_iff_affine _ _ h) (probe_iff_affine _ _ h') eL.
by split.
Qed.

End Probing.
