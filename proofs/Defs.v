(* Definitions of theory.md section 1, over an arbitrary field K.

   Conventions (as in theory.md): matrices hold one object per ROW.
     Fm : 'M[K]_(n,d)   rows f(x_i), the context embeddings            (F)
     G  : 'M[K]_(V,d)   rows g(y_j), the token unembeddings            (G)
     G0 : 'M[K]_(m,d)   rows g(y) - g(y0), the unembedding differences  (G0)
   In theory.md G0 has m = V-1 rows (the pivot row dropped); here the general
   results are stated for any number m of rows, and [unemb_diff G p] is the
   V x d version whose pivot row is zero (same rank, same row space), while
   [G0_red G p] is the (V-1) x d version.  Lemmas in Pivot.v connect them.

   Over a general field there are no probabilities; P = P~ is represented by
   what characterises it (C1/C2): equality of the log-odds L. *)
From mathcomp Require Import all_ssreflect all_algebra.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Defs.
Variable K : fieldType.

(* The all-ones row vector 1^T of length V. *)
Definition ones V : 'rV[K]_V := const_mx 1.

(* Logits Z = F G^T (n x V). *)
Definition logits n V d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) : 'M[K]_(n,V) :=
  Fm *m G^T.

(* Z and Z' differ by per-context constants: Z = Z' + c 1^T. *)
Definition shift_equiv n V (Z Z' : 'M[K]_(n,V)) : Prop :=
  exists c : 'cV[K]_n, Z = Z' + c *m ones V.

(* Log-odds against pivot p, as an n x V matrix:
   L = Z - Z[:,p] 1^T, i.e. L[x,y] = Z[x,y] - Z[x,p] = log p(y|x) - log p(p|x).
   Its pivot column is identically zero. *)
Definition log_odds_mx n V (Z : 'M[K]_(n,V)) (p : 'I_V) : 'M[K]_(n,V) :=
  Z - col p Z *m ones V.

(* Log-odds of the model (F, G) against pivot p. *)
Definition log_odds n V d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) (p : 'I_V) :=
  log_odds_mx (logits Fm G) p.

(* The n x (V-1) log-odds of theory.md: the pivot column removed. *)
Definition log_odds_red n V d (Fm : 'M[K]_(n,d)) (G : 'M[K]_(V,d)) (p : 'I_V)
  : 'M[K]_(n, V.-1) := col' p (log_odds Fm G p).

(* Unembedding differences G0 = G - 1 g(p)^T (V x d, pivot row zero). *)
Definition unemb_diff V d (G : 'M[K]_(V,d)) (p : 'I_V) : 'M[K]_(V,d) :=
  G - (ones V)^T *m row p G.

(* The (V-1) x d version of theory.md: the pivot row removed. *)
Definition G0_red V d (G : 'M[K]_(V,d)) (p : 'I_V) : 'M[K]_(V.-1,d) :=
  row' p (unemb_diff G p).

(* Generalised reference: differences against a weighted reference token,
   Z - (Z w^T) 1^T, for weights w with 1^T w = 1.  Pivot p is w = e_p;
   column-centring is w = (1/V) 1. *)
Definition weights V (w : 'rV[K]_V) : Prop := w *m (ones V)^T = 1%:M.
Definition ref_diff n V (Z : 'M[K]_(n,V)) (w : 'rV[K]_V) : 'M[K]_(n,V) :=
  Z - Z *m w^T *m ones V.
Definition pivot_w V (p : 'I_V) : 'rV[K]_V := delta_mx 0 p.
Definition mean_w V : 'rV[K]_V := (V%:R)^-1 *: ones V.
(* Unembeddings centred on the weighted reference: G - 1 (w G). *)
Definition centre_by V d (G : 'M[K]_(V,d)) (w : 'rV[K]_V) : 'M[K]_(V,d) :=
  G - (ones V)^T *m (w *m G).
(* The column-centred G of C2: g(y) - mean_y g(y). *)
Definition centred V d (G : 'M[K]_(V,d)) := centre_by G (mean_w V).

(* ---- Models given by (F, G0); log-odds L = F G0^T. ---- *)

(* L of the model (F, G0). *)
Definition L_of n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) : 'M[K]_(n,m) :=
  Fm *m G0^T.

(* f-diverse: rank F = d.  g-diverse: rank G0 = d. *)
Definition f_diverse n d (Fm : 'M[K]_(n,d)) : bool := \rank Fm == d.
Definition g_diverse m d (G0 : 'M[K]_(m,d)) : bool := \rank G0 == d.
Definition diverse n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) : bool :=
  f_diverse Fm && g_diverse G0.

(* Linear equivalence ~L (same d): exists M in GL(d), F = F~ M^T, G0 = G0~ M^-1. *)
Definition lin_equiv n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d)) (G0' : 'M[K]_(m,d)) : Prop :=
  exists2 M : 'M[K]_d, M \in unitmx & Fm = Fm' *m M^T /\ G0 = G0' *m invmx M.

(* Effective complexity r = rank L. *)
Definition eff_complexity n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d)) : nat :=
  \rank (L_of Fm G0).

(* A reduced model of (F, G0) of dimension r: alpha (n x r), beta (m x r),
   both of full column rank r, with L = alpha beta^T.  Over an arbitrary field
   this replaces the orthonormal basis Q of R by any basis (Extended.v shows
   r = rank L and that any two reductions of one model are ~L). *)
Definition reduced_model n m d r (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (alpha : 'M[K]_(n,r)) (beta : 'M[K]_(m,r)) : Prop :=
  [/\ L_of Fm G0 = alpha *m beta^T, \rank alpha = r & \rank beta = r].

(* The canonical reduced model (row-echelon bases of MathComp):
   alpha = col_base L, beta = (row_base L)^T, of dimension \rank L. *)
Definition red_alpha n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
  : 'M[K]_(n, \rank (L_of Fm G0)) := col_base (L_of Fm G0).
Definition red_beta n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
  : 'M[K]_(m, \rank (L_of Fm G0)) := (row_base (L_of Fm G0))^T.

(* Extended linear equivalence ~EL (any d, d~): the two models have reduced
   models of one common dimension r that are linearly equivalent. *)
Definition ext_lin_equiv n m d d' (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (Fm' : 'M[K]_(n,d')) (G0' : 'M[K]_(m,d')) : Prop :=
  exists r (a a' : 'M[K]_(n,r)) (b b' : 'M[K]_(m,r)),
    [/\ reduced_model Fm G0 a b, reduced_model Fm' G0' a' b' & lin_equiv a b a' b'].

End Defs.


Arguments ones {K} V.
Arguments mean_w {K} V.
Arguments pivot_w {K V} p.

(* ---- Linear properties (theory.md section 3). ---- *)
Section PropertyDefs.
Variable K : fieldType.

(* C10, geometric: g(y1) - g(y2) = lambda (g(y3) - g(y4)). *)
Definition unemb_geom_parallel V d (G : 'M[K]_(V,d)) (y1 y2 y3 y4 : 'I_V) (lam : K) :=
  row y1 G - row y2 G = lam *: (row y3 G - row y4 G).

(* C10, distributional, on the log-odds L (n x V, any pivot):
   log p(y1|x)/p(y2|x) = lambda log p(y3|x)/p(y4|x) for every context x;
   L[x,y1] - L[x,y2] is that log-ratio. *)
Definition unemb_dist_parallel n V (L : 'M[K]_(n,V)) (y1 y2 y3 y4 : 'I_V) (lam : K) :=
  col y1 L - col y2 L = lam *: (col y3 L - col y4 L).

(* C11, geometric: f(x1) - f(x2) = lambda (f(x3) - f(x4)). *)
Definition emb_geom_parallel n d (Fm : 'M[K]_(n,d)) (x1 x2 x3 x4 : 'I_n) (lam : K) :=
  row x1 Fm - row x2 Fm = lam *: (row x3 Fm - row x4 Fm).

(* C11, distributional, on the log-odds rows l(x) = G0 f(x). *)
Definition emb_dist_parallel n m (L : 'M[K]_(n,m)) (x1 x2 x3 x4 : 'I_n) (lam : K) :=
  row x1 L - row x2 L = lam *: (row x3 L - row x4 L).

End PropertyDefs.

Section RelationalDefs.
Variable K : fieldType.

(* C12.  A relational string q: k contexts s in S_q with embeddings FS (rows
   f(s)) and the contexts s (+) q with embeddings FQ (rows f(s (+) q)).  The
   all-ones column is (ones k)^T. *)

(* RL-emb: f(s (+) q) = A f(s) + a for all s (row form FQ = FS A^T + 1 a). *)
Definition RL_emb k d (FS FQ : 'M[K]_(k,d)) : Prop :=
  exists (A : 'M[K]_d) (a : 'rV[K]_d), FQ = FS *m A^T + (ones k)^T *m a.

(* RL-ref with a given (A, a): G0 f(s (+) q) = G0 (A f(s) + a) for all s. *)
Definition RL_ref k m d (FS FQ : 'M[K]_(k,d)) (G0 : 'M[K]_(m,d))
    (A : 'M[K]_d) (a : 'rV[K]_d) : Prop :=
  FQ *m G0^T = (FS *m A^T + (ones k)^T *m a) *m G0^T.

(* The inclusion condition A^T Gamma <= Gamma, Gamma the row space of G0
   (row form: every row g0 A of G0 A lies in the row space of G0). *)
Definition inclusion m d (G0 : 'M[K]_(m,d)) (A : 'M[K]_d) : bool :=
  (G0 *m A <= G0)%MS.

(* RL*: l(s (+) q) = C l(s) + c for all s, on log-odds rows alone
   (LS = FS G0^T, LQ = FQ G0^T): a property of P. *)
Definition RL_star k m (LS LQ : 'M[K]_(k,m)) : Prop :=
  exists (C : 'M[K]_m) (c : 'rV[K]_m), LQ = LS *m C^T + (ones k)^T *m c.

(* C14.  Steering by v: add v to every embedding f(x). *)
Definition steer n d (Fm : 'M[K]_(n,d)) (v : 'rV[K]_d) : 'M[K]_(n,d) :=
  Fm + (ones n)^T *m v.

(* v lies in E + Gamma^perp; over a field Gamma^perp is the kernel
   {u | G0 u^T = 0} = kermx G0^T, and E is the row space of F. *)
Definition steer_admissible n m d (Fm : 'M[K]_(n,d)) (G0 : 'M[K]_(m,d))
    (v : 'rV[K]_d) : bool :=
  (v <= Fm + kermx G0^T)%MS.

End RelationalDefs.
