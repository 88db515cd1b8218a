#!/usr/bin/env bash
# transit verify end to end: the result lines and exit statuses (0 proved, 3 deadlock, 4 run-time
# error, 1 refused or not finished, 2 bad command line).
#   cli_test.sh TRANSIT SOURCE_DIR
set -euo pipefail
transit=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
run() {  # run EXPECTED_STATUS ARGS...: output in $tmp/out, stderr in $tmp/err
  local want=$1 status=0
  shift
  "$transit" verify "$@" > "$tmp/out" 2> "$tmp/err" || status=$?
  [ "$status" = "$want" ] || { cat "$tmp/out" "$tmp/err"; fail "verify $*: status $status, expected $want"; }
}

run 0 "$src/two-pairs.occ" --no-partial-order
grep -Eq '^no deadlock: 4 states, 4 transitions \([0-9.]+ s, [0-9.]+ s CPU, [0-9.]+ MiB, [0-9.]+ bytes/state\)$' "$tmp/out" || fail "proof line: $(cat "$tmp/out")"

run 0 "$src/college.occ"
grep -Eq '^no deadlock: 1879 states, 7275 transitions \(.*; symmetry: 5 rotations of philosopher, fork\)$' "$tmp/out" || fail "symmetry: $(cat "$tmp/out")"
run 0 "$src/college.occ" --no-symmetry
grep -Eq '^no deadlock: 9390 states, 35162 transitions \([^;]*\)$' "$tmp/out" || fail "--no-symmetry: $(cat "$tmp/out")"

run 3 "$src/college-all.occ"
grep -q '^   6\. philosopher\[2\].par1 -> fork\[2\] on left\[2\]: TRUE  (.*college-all.occ:35 -> .*college-all.occ:9)$' "$tmp/out" || fail "trace: $(cat "$tmp/out")"
grep -q '^transit: deadlock: no process can run' "$tmp/out" || fail "no report"
grep -q '^deadlock after 6 communications' "$tmp/out" || fail "no count: $(cat "$tmp/out")"

run 4 "$src/overflow.occ"
grep -q 'arithmetic overflow in +' "$tmp/out" || fail "overflow: $(cat "$tmp/out")"
grep -q '^run-time error after 1 communications' "$tmp/out" || fail "overflow count"

run 1 "$src/keyboard.occ"
grep -q 'give its input with --stdin TEXT' "$tmp/err" || fail "keyboard: $(cat "$tmp/err")"
run 0 "$src/keyboard.occ" --stdin ab

run 1 "$src/retypes-bytes.occ"
grep -q 'retypes-bytes.occ:7:17: verify: RETYPES from INT32 to \[4\]BYTE' "$tmp/err" || fail "refused: $(cat "$tmp/err")"

run 1 "$src/college.occ" --max-memory 16K
grep -Eq '^state space too large for 16K: [0-9]+ states explored, no deadlock found so far$' "$tmp/out" || fail "max-memory: $(cat "$tmp/out")"

run 1 "$src/college.occ" --max-depth 3
grep -q '^no deadlock within depth 3' "$tmp/out" || fail "max-depth: $(cat "$tmp/out")"

run 5 --livelock "$src/livelock.occ"
grep -q '^livelock: from here the program can go round this cycle for ever' "$tmp/out" || fail "livelock: $(cat "$tmp/out")"
grep -q "^  #2 livelock.par1 waits for ever: output on channel 'ask' at .*livelock.occ:10:5$" "$tmp/out" || fail "livelock wait: $(cat "$tmp/out")"
grep -q '^livelock after 2 communications, a cycle of 2 ' "$tmp/out" || fail "livelock count: $(cat "$tmp/out")"
run 0 --livelock "$src/college.occ"
grep -q '^no deadlock and no livelock: 9390 states' "$tmp/out" || fail "no livelock: $(cat "$tmp/out")"  # partial-order reduction on
run 0 --livelock --no-partial-order "$src/college.occ"
grep -q '^no deadlock and no livelock: 9391 states' "$tmp/out" || fail "no livelock, every interleaving: $(cat "$tmp/out")"
run 0 --livelock "$src/livelock-escape.occ"
grep -q '^no deadlock and no livelock: 6 states' "$tmp/out" || fail "escape: $(cat "$tmp/out")"

run 2 "$src/college.occ" --max-memory lots
run 2
run 2 "$src/college.occ" --threads 0
for n in 1 3; do  # the same states, transitions and trace on any number of threads
  run 0 --threads $n "$src/college.occ"
  grep -Eq '^no deadlock: 1879 states, 7275 transitions ' "$tmp/out" || fail "--threads $n: $(cat "$tmp/out")"
  run 3 --threads $n "$src/college-all.occ"
  grep -q '^   6\. philosopher\[2\].par1 -> fork\[2\] on left\[2\]: TRUE' "$tmp/out" || fail "--threads $n trace: $(cat "$tmp/out")"
done
echo "verify cli: ok"
