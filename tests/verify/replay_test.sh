#!/usr/bin/env bash
# transit verify --trace-out, then the program run natively along that trace (TRANSIT_REPLAY, as
# `transit run --replay FILE` sets it): it deadlocks every time, on every seed, with the wait-for
# cycle the checker reported. And REAL arithmetic, checked against a native run.
#   replay_test.sh TRANSIT SOURCE_DIR EXAMPLES_DIR
set -euo pipefail
transit=$1
src=$2
examples=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The wait-for cycles of a deadlock report, without process numbers (a replay numbers processes by
# their keys), each turned to start at its least process. A branch of a PAR inside a replicated PAR's
# instance is philosopher[2].par1 in transit verify's report, philosopher.par1 in a run's: the index
# is dropped.
cycles() {
  sed -n '/^wait-for cycles:/,$p' "$1" | grep '^  #' | sed -E 's/#[0-9]+ //g; s/^ +//; s/\[[0-9]+\]\.par/.par/g' |
    awk -F ' -> ' '{ n = NF - 1; m = 1; for (i = 2; i <= n; i++) if ($i < $m) m = i;
                     s = ""; for (k = 0; k < n; k++) s = s (k ? " -> " : "") $(((m - 1 + k) % n) + 1); print s }' | sort
}

check() {  # check PROGRAM.occ: verify finds a deadlock; the replay shows it on seeds 1 to 4
  local occ=$1 name status
  name=$(basename "$occ" .occ)
  status=0
  "$transit" verify --trace-out "$tmp/$name.trace" "$occ" > "$tmp/$name.verify" 2>&1 || status=$?
  [ "$status" = 3 ] || { cat "$tmp/$name.verify"; fail "verify $name: status $status, expected 3"; }
  head -1 "$tmp/$name.trace" | grep -qx 'transit choices 2 prefix' || fail "$name.trace: $(head -1 "$tmp/$name.trace")"
  cycles "$tmp/$name.verify" > "$tmp/$name.want"
  [ -s "$tmp/$name.want" ] || fail "verify $name printed no cycle"
  "$transit" build -o "$tmp/$name" "$occ" > /dev/null
  for seed in 1 2 3 4; do
    status=0
    TRANSIT_REPLAY="$tmp/$name.trace" TRANSIT_SEED=$seed TRANSIT_NO_ATTACH=1 timeout 20 "$tmp/$name" \
      > "$tmp/$name.out" 2> "$tmp/$name.err" || status=$?
    [ "$status" = 3 ] || { cat "$tmp/$name.err"; fail "replay of $name, seed $seed: status $status, expected 3"; }
    cycles "$tmp/$name.err" > "$tmp/$name.got"
    cmp -s "$tmp/$name.want" "$tmp/$name.got" ||
      fail "replay of $name, seed $seed: cycle $(cat "$tmp/$name.got"), verify's $(cat "$tmp/$name.want")"
  done
}

check "$examples/philosophers-deadlock.occ"
check "$src/college-all.occ"
check "$src/rare.occ"  # a run meets this one about once in 256 (seeds 1 to 4 end normally)

# A run-time error's trace replays to that error.
status=0
"$transit" verify --trace-out "$tmp/overflow.trace" "$src/overflow.occ" > /dev/null 2>&1 || status=$?
[ "$status" = 4 ] || fail "verify overflow.occ: status $status, expected 4"
status=0
"$transit" run --replay "$tmp/overflow.trace" "$src/overflow.occ" > /dev/null 2> "$tmp/overflow.err" || status=$?
[ "$status" = 4 ] || fail "replay of overflow.occ: status $status, expected 4"
grep -q 'overflow' "$tmp/overflow.err" || fail "replay of overflow.occ: $(cat "$tmp/overflow.err")"

# REAL arithmetic: the checker and a native run end in the same error, at the same place, only when
# every value real.occ checks is the same in both.
status=0
"$transit" verify "$src/real.occ" > "$tmp/real.verify" 2>&1 || status=$?
[ "$status" = 4 ] || { cat "$tmp/real.verify"; fail "verify real.occ: status $status, expected 4"; }
status=0
"$transit" run "$src/real.occ" > /dev/null 2> "$tmp/real.err" || status=$?
[ "$status" = 4 ] || { cat "$tmp/real.err"; fail "run real.occ: status $status, expected 4"; }
want=$(grep -o 'real.occ:[0-9:]*: real overflow in \*' "$tmp/real.verify") || fail "verify real.occ: $(cat "$tmp/real.verify")"
grep -qF "$want" "$tmp/real.err" || fail "run real.occ: $(cat "$tmp/real.err"), verify's $want"

# A missing file is refused before the run.
status=0
"$transit" run --replay "$tmp/none" "$src/overflow.occ" > /dev/null 2> "$tmp/none.err" || status=$?
[ "$status" = 4 ] && grep -q 'cannot replay' "$tmp/none.err" || fail "missing file: $status $(cat "$tmp/none.err")"
echo "verify replay: ok"
