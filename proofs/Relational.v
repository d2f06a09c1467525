(* C12 (relational linearity) and C14 (linear steering), over any field. *)
From mathcomp Require Import all_ssreflect all_algebra.
From AON Require Import Defs Diversity Extended.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Relational.
Variable K : fieldType.

(* deviation of every row from a reference row i *)
Definition dev k p (i : 'I_k) (X : 'M[K]_(k,p)) := X - (ones k)^T *m row i X.

Lemma row_ones k (i : 'I_k) : row i (ones k)^T = 1%:M :> 'M[K]_1.
Proof. by apply/matrixP=> a b; rewrite !ord1 !mxE. Qed.

Lemma dev_mul k p q (i : 'I_k) (X : 'M[K]_(k,p)) (B : 'M[K]_(p,q)) :
  dev i (X *m B) = dev i X *m B.
Proof. by rewrite /dev row_mul mulmxBl mulmxA. Qed.

Lemma dev_const k p (i : 'I_k) (X : 'M[K]_(k,p)) (c : 'rV[K]_p) :
  dev i (X + (ones k)^T *m c) = dev i X.
Proof.
rewrite /dev linearD /= row_mul row_ones mul1mx mulmxDr.
by rewrite opprD addrACA subrr addr0.
Qed.

Lemma devE k p (i : 'I_k) (X : 'M[K]_(k,p)) : X = dev i X + (ones k)^T *m row i X.
Proof. by rewrite /dev subrK. Qed.

(* ===== C12 ===== *)

(* C12: RL* (a property of the log-odds alone) <=> RL-ref with some (A, a)
   obeying the inclusion condition A^T Gamma <= Gamma. *)
Theorem rl_star_iff_rl_ref_incl k m d (FS FQ : 'M[K]_(k,d)) (G0 : 'M[K]_(m,d)) :
  RL_star (L_of FS G0) (L_of FQ G0) <->
  exists (A : 'M[K]_d) (a : 'rV[K]_d), inclusion G0 A /\ RL_ref FS FQ G0 A a.
Proof.
split=> [[C [c e]] | [A [a [/submxP [D eD] e]]]]; last first.
  exists D, (a *m G0^T); rewrite /L_of e mulmxDl -mulmxA -trmx_mul eD.
  by rewrite trmx_mul !mulmxA.
case: k FS FQ e => [|k] FS FQ e.
  exists 0, 0; split; first by rewrite /inclusion mulmx0 sub0mx.
  by rewrite /RL_ref [LHS]flatmx0 [RHS]flatmx0.
have hP : forall Y : 'M[K]_(k.+1, m), (Y <= G0^T)%MS ->
    Y *m pinvmx G0^T *m G0^T = Y by move=> Y; apply: mulmxKpV.
move: (pinvmx G0^T) hP => P hP.
pose A := (G0^T *m C^T *m P)^T.
pose a := row 0 FQ - row 0 FS *m A^T.
exists A, a; split.
  rewrite /inclusion /A !trmx_mul !trmxK !mulmxA; apply: submxMl.
have eY : dev 0 FS *m G0^T *m C^T = dev 0 FQ *m G0^T.
  rewrite -!dev_mul -[FQ *m _]/(L_of FQ G0) e dev_const dev_mul.
  by rewrite /L_of dev_mul.
have hY : (dev 0 FQ *m G0^T <= G0^T)%MS by apply: submxMl.
have eX : FS *m A^T + (ones k.+1)^T *m a = dev 0 FS *m A^T + (ones k.+1)^T *m row 0 FQ.
  by rewrite /a /dev mulmxBr mulmxBl !mulmxA addrA addrAC.
rewrite /RL_ref eX mulmxDl /A trmxK !mulmxA eY hP //.
by rewrite {1}(devE 0 FQ) mulmxDl.
Qed.


(* C12 all or none: "RL-ref with inclusion" holds in both of two models with
   equal log-odds on S_q and on S_q (+) q, or in neither (any d, d~). *)
Theorem rl_incl_all_or_none k m d d' (FS FQ : 'M[K]_(k,d)) (G0 : 'M[K]_(m,d))
    (FS' FQ' : 'M[K]_(k,d')) (G0' : 'M[K]_(m,d')) :
  L_of FS G0 = L_of FS' G0' -> L_of FQ G0 = L_of FQ' G0' ->
  (exists A a, inclusion G0 A /\ RL_ref FS FQ G0 A a) <->
  (exists A a, inclusion G0' A /\ RL_ref FS' FQ' G0' A a).
Proof.
move=> eS eQ; rewrite -!rl_star_iff_rl_ref_incl eS eQ.
by split.
Qed.

(* RL-emb always implies RL-ref (with the same A, a). *)
Lemma rl_emb_ref k m d (FS FQ : 'M[K]_(k,d)) (G0 : 'M[K]_(m,d)) A a :
  FQ = FS *m A^T + (ones k)^T *m a -> RL_ref FS FQ G0 A a.
Proof. by rewrite /RL_ref => ->. Qed.

(* C12 under diversity: with G0 g-diverse, RL-emb <=> RL* (<=> RL-ref, the
   inclusion condition then being automatic). *)
Theorem rl_emb_iff_rl_star k m d (FS FQ : 'M[K]_(k,d)) (G0 : 'M[K]_(m,d)) :
  g_diverse G0 -> (RL_emb FS FQ <-> RL_star (L_of FS G0) (L_of FQ G0)).
Proof.
move=> hG; rewrite rl_star_iff_rl_ref_incl; split=> [[A [a e]] | [A [a [_ e]]]].
  exists A, a; split; first by rewrite /inclusion submx_full.
  exact: rl_emb_ref.
exists A, a; apply: (row_free_inj (A := G0^T)); first by rewrite /row_free mxrank_tr.
exact: e.
Qed.

(* ===== C14: linear steering ===== *)

(* Steering by v shifts every log-odds row by G0 v. *)
Lemma steer_log_odds n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (v : 'rV[K]_d) :
  L_of (steer Fm v) G0 = L_of Fm G0 + (ones n)^T *m (v *m G0^T).
Proof. by rewrite /L_of /steer mulmxDl mulmxA. Qed.

(* v in E + Gamma^perp <=> its log-odds shift G0 v lies in the row space of
   L (a property of P alone). *)
Theorem steer_admissible_iff n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) (v : 'rV[K]_d) :
  steer_admissible Fm G0 v = (v *m G0^T <= L_of Fm G0)%MS.
Proof.
apply/sub_addsmxP/submxP=> [[[u w] /= ->] | [u e]].
  by exists u; rewrite mulmxDl -[w *m _ *m _]mulmxA mulmx_ker mulmx0 addr0 /L_of mulmxA.
have /submxP [w ew] : (v - u *m Fm <= kermx G0^T)%MS.
  by apply/sub_kermxP; rewrite mulmxBl e /L_of mulmxA subrr.
by exists (u, w) => /=; rewrite -ew addrC subrK.
Qed.

(* C14 (holds): for v in E + Gamma^perp, every model with the same log-odds
   (any dimension d~) has an edit v~ (in its own E~) with identical steered
   log-odds. *)
Theorem steering_transfer n m d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) (v : 'rV[K]_d) :
  steer_admissible Fm G0 v -> L_of Fm G0 = L_of Fm' G0' ->
  exists2 v' : 'rV[K]_d', (v' <= Fm')%MS &
    L_of (steer Fm' v') G0' = L_of (steer Fm v) G0.
Proof.
rewrite steer_admissible_iff => /submxP [u ev] e; exists (u *m Fm').
  exact: submxMl.
by rewrite !steer_log_odds ev e /L_of !mulmxA.
Qed.

(* C14 (refutable part, proved): the edit exists in a reduced (e.g. the
   minimal) model of the class iff v in E + Gamma^perp; so a v with a
   component outside E + Gamma^perp (e.g. in Gamma /\ E^perp) has no
   counterpart there. *)
Theorem steering_reduced_iff n m d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (al : 'M[K]_(n,r)) (be : 'M[K]_(m,r)) (v : 'rV[K]_d) :
  (0 < n)%N -> reduced_model Fm G0 al be ->
  (exists v' : 'rV[K]_r, L_of (steer al v') be = L_of (steer Fm v) G0) <->
  steer_admissible Fm G0 v.
Proof.
move=> hn h; split=> [[v' e] | hv]; last first.
  have [v' _ e] := steering_transfer hv (esym (reduced_model_L h)).
  by exists v'.
rewrite steer_admissible_iff.
move: e; rewrite !steer_log_odds (reduced_model_L h) => /addrI /(congr1 (row (Ordinal hn))).
rewrite !row_mul row_ones !mul1mx => <-.
case: h => eL ra _; have /row_fullP [B hB] : row_full al by rewrite /row_full ra.
apply/submxP; exists (v' *m B); rewrite eL -mulmxA (mulmxA B) hB mul1mx //.
Qed.

End Relational.
