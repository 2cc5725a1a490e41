#!/usr/bin/env bash
# A regular install, as a user gets it: build the wheel, install it into a fresh venv outside
# the checkout, and from a working directory of its own run import → detect → export →
# agreement → gui --help. Any step failing (or an export landing anywhere but under the
# working directory) fails CI.
#
# Usage: .ci/wheel_smoke.sh [PYTHON]   (PYTHON builds the wheel and makes the venv; default python3)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/annotator-wheel-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'wheel smoke test FAILED: %s\n' "$*" >&2; exit 1; }

step "build the wheel (from a copy: a stale build/ in the checkout cannot leak into it)"
mkdir "$work/src"
tar -C "$repo" --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./dist --exclude='*.egg-info' \
    --exclude=./exports --exclude=__pycache__ -cf - . | tar -C "$work/src" -xf -
"$python" -m pip wheel -q --no-deps -w "$work/dist" "$work/src"
wheel=("$work"/dist/annotator-*.whl)
[[ -f "${wheel[0]}" ]] || fail "no wheel was built"

step "install it into a fresh venv outside the checkout ($work/venv)"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "${wheel[0]}"
annotator="$work/venv/bin/annotator"

mkdir "$work/cwd" "$work/corpus"
cp "$repo"/seeds/*.txt "$work/corpus/"
cd "$work/cwd"
unset PYTHONPATH  # the installed package, never the checkout's
export ANNOTATOR_DB="$work/cwd/smoke.annotator.db"
before="$(ls -A "$repo/exports" 2>/dev/null || true)"

step "where the package comes from"
"$work/venv/bin/python" -c "import annotator, sys; print(annotator.__file__); sys.exit(annotator.__file__.startswith('$work/venv/') is False)" \
  || fail "annotator was not imported from the venv"

step "annotator import"
"$annotator" import "$work/corpus" || fail "import"
step "annotator detect"
"$annotator" detect || fail "detect"
step "the shipped starter model found candidates (package data in the wheel)"
model_candidates="$("$annotator" candidates | grep -c '"rule": "model:' || true)"
echo "$model_candidates candidates found by the starter model alone"
[ "$model_candidates" -gt 0 ] || fail "no model: candidates — the starter model did not load from the wheel"
step "two annotators' layers (alice, bob) from the candidates"
"$annotator" export --layer candidates --format doccano --out candidates.jsonl || fail "export of the candidates"
head -n 3 candidates.jsonl > some_candidates.jsonl
"$annotator" import candidates.jsonl --annotator alice || fail "import of alice's layer"
"$annotator" import some_candidates.jsonl --annotator bob || fail "import of bob's layer"

step "annotator export (default destination: exports/ here)"
"$annotator" export --format native || fail "export"
ls exports/*_all_native_*.jsonl exports/*_all_native_*.jsonl.manifest.json >/dev/null 2>&1 \
  || fail "the export did not land in exports/ under the working directory ($(pwd))"
[[ "$(ls -A "$repo/exports" 2>/dev/null || true)" == "$before" ]] || fail "the export wrote into the checkout's exports/"

step "annotator agreement"
"$annotator" agreement --json agreement.json || fail "agreement"
"$work/venv/bin/python" -c "import json; r = json.load(open('agreement.json')); assert r['annotators'] == ['alice', 'bob'], r['annotators']" \
  || fail "agreement.json does not compare alice and bob"

step "annotator gui --help"
"$annotator" gui --help >/dev/null || fail "gui --help"

printf '\nwheel smoke test passed: %s installed in %s\n' "$(basename "${wheel[0]}")" "$work/venv"
