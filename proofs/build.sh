#!/usr/bin/env bash
# Build and check the Coq/MathComp proofs of proofs/.
#   bash proofs/build.sh      (from the repository root, or from anywhere)
#   bash proofs/build.sh --list-names   prints the statement names of step 3, one a
#                                       line, and exits (no coqc needed)
# 1. compiles every .v listed in proofs/_CoqProject, in order, with coqc;
# 2. rejects Admitted / admit / Axiom / Parameter / Hypothesis / Conjecture at top level;
# 3. runs `Print Assumptions` on every statement named in the theorem map of
#    proofs/README.md and requires "Closed under the global context" for each.
# Exits 0 on success and non-zero with a message on failure.  Generated files
# (.vo/.vok/.vos/.glob/.aux) stay inside proofs/ (gitignored); the temporary
# checker lives in a mktemp directory that is removed on exit.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here" || exit 2

fail() { echo "proofs/build.sh: FAILED: $*" >&2; exit 1; }

# The statement names of the theorem map: column 2 of every row "| C<n> | ..." of README.md.
map_names() {
  grep -E '^\|[[:space:]]*C[0-9]+[[:space:]]*\|' README.md |
    awk -F'|' '{print $3}' | grep -oE '`[A-Za-z_][A-Za-z0-9_'"'"']*`' | tr -d '`' | sort -u
}

if [ "${1:-}" = "--list-names" ]; then
  [ -f README.md ] || fail "proofs/README.md (theorem map) is missing"
  map_names
  exit 0
fi

command -v coqc >/dev/null 2>&1 ||
  { echo "proofs/build.sh: coqc not found (apt-get install -y coq libcoq-mathcomp-algebra)" >&2; exit 2; }

WARN="-w -notation-overridden,-ambiguous-paths,-redundant-canonical-projection,-projection-no-head-constant"

mapfile -t FILES < <(grep -E '^[A-Za-z0-9_]+\.v$' _CoqProject)
[ "${#FILES[@]}" -gt 0 ] || fail "no .v files listed in proofs/_CoqProject"

# --- 1. compile ---------------------------------------------------------------
for f in "${FILES[@]}"; do
  [ -f "$f" ] || fail "$f is listed in _CoqProject but does not exist"
  echo "coqc $f"
  # shellcheck disable=SC2086
  coqc $WARN -Q . AON "$f" || fail "coqc $f"
done

# every .v in proofs/ must be part of the build
for f in *.v; do
  printf '%s\n' "${FILES[@]}" | grep -qx "$f" || fail "$f is not listed in proofs/_CoqProject"
done

# --- 2. no admitted proofs, no axioms of our own ---------------------------------
if grep -nE '\b(Admitted|admit)\b|^[[:space:]]*((Local|Global)[[:space:]]+)?(Axiom|Axioms|Parameter|Parameters|Conjecture|Hypothesis|Hypotheses)\b' "${FILES[@]}"; then
  fail "the lines above contain Admitted/admit/Axiom/Parameter/Conjecture/Hypothesis"
fi

# --- 3. Print Assumptions for every statement of the README map -----------------
[ -f README.md ] || fail "proofs/README.md (theorem map) is missing"
mapfile -t NAMES < <(map_names)
[ "${#NAMES[@]}" -gt 0 ] || fail "no statement names found in the README map"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
modules="$(printf '%s ' "${FILES[@]%.v}")"
{
  echo "From mathcomp Require Import all_ssreflect all_algebra."
  echo "From AON Require Import $modules."
  for nm in "${NAMES[@]}"; do
    echo "Goal True. idtac \"@@CHECK $nm\". Abort."
    echo "Print Assumptions $nm."
  done
} > "$tmp/CheckAssumptions.v"

# shellcheck disable=SC2086
out="$(cd "$tmp" && coqc $WARN -Q "$here" AON CheckAssumptions.v 2>&1)" ||
  { echo "$out" >&2; fail "the assumption checker did not compile (unknown statement name in README.md?)"; }

bad=0
for nm in "${NAMES[@]}"; do
  verdict="$(printf '%s\n' "$out" | awk -v m="@@CHECK $nm" '
      $0 == m {on=1; next} /^@@CHECK / {on=0} on' | head -n 5)"
  if printf '%s\n' "$verdict" | grep -q "Closed under the global context"; then
    echo "ok    $nm: Closed under the global context"
  else
    echo "FAIL  $nm:" >&2; printf '%s\n' "$verdict" >&2; bad=1
  fi
done
[ "$bad" -eq 0 ] || fail "some statements depend on axioms (see above)"
echo "proofs/build.sh: OK (${#FILES[@]} files, ${#NAMES[@]} statements closed under the global context)"
