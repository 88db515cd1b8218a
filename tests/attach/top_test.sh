#!/usr/bin/env bash
# transit top as a person uses it, in a tmux pane: the view of a running program (its processes by
# state, the busiest channel by communications per second, the processes blocked longest), a filter
# typed after /, and q, after which the program goes on. Skips (77) without tmux.
#   top_test.sh TRANSIT SOURCE_DIR
set -euo pipefail
transit=$1
src=$2
command -v tmux > /dev/null || { echo "tmux is not installed (scripts/install-deps installs it): skipped"; exit 77; }
tmp=$(mktemp -d)
server=transit-top-test-$$
pid=
cleanup() {
  tmux -L "$server" kill-server 2> /dev/null || true
  [ -z "$pid" ] || kill -9 "$pid" 2> /dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- the pane:"; cat "$tmp/pane" 2> /dev/null || true; exit 1; }
export XDG_RUNTIME_DIR=$tmp/run XDG_CACHE_HOME=${XDG_CACHE_HOME:-$tmp/cache}
mkdir -m 0700 "$XDG_RUNTIME_DIR"

"$transit" run "$src/running.occ" < /dev/null > "$tmp/program.out" 2>&1 &
pid=$!
for _ in $(seq 1200); do  # compiled first, so allow for that
  [ -S "$XDG_RUNTIME_DIR/transit/$pid" ] && break
  kill -0 "$pid" 2> /dev/null || fail "the program ended: $(cat "$tmp/program.out")"
  sleep 0.1
done

# pane_until PATTERN: captures the pane into $tmp/pane until it matches (10 s at most).
pane_until() {
  for _ in $(seq 100); do
    tmux -L "$server" capture-pane -p -t top > "$tmp/pane"
    grep -q -- "$1" "$tmp/pane" && return 0
    sleep 0.1
  done
  fail "no '$1' in the pane"
}

tmux -L "$server" new-session -d -s top -x 120 -y 30 \
  "XDG_RUNTIME_DIR='$XDG_RUNTIME_DIR' '$transit' top --interval 300 $pid; echo top-exit=\$?; sleep 60"
pane_until '^ticks  '
grep -q "^transit top: pid $pid, 10 live processes, every 0.3 s   (q quits, / filters by name)$" "$tmp/pane" || fail "headline"
grep -q '^states: .*2 alt .*3 par .*timer' "$tmp/pane" || fail "states"
# ticks carries 50 values a second (one every 20 ms); its first rate may cover a part second.
sleep 1
pane_until '^ticks  '
rate=$(awk '/^ticks / { print int($2) }' "$tmp/pane")
[ "$rate" -ge 25 ] && [ "$rate" -le 75 ] || fail "ticks at $rate a second, expected about 50"
grep -q '^#[0-9]* sleeper\[1\] *timer *[0-9.]*s  timer AFTER [0-9]* at .*running.occ:8:5' "$tmp/pane" || fail "sleeper[1]"
grep -q "^#[0-9]* main.par4 *input *[0-9.]*s  input on channel 'done' at .*running.occ:31:11" "$tmp/pane" || fail "main.par4"

# A filter: / and a name, then Enter.
tmux -L "$server" send-keys -t top / s l e e p e r Enter
pane_until 'matching the filter'
grep -q "^transit top: pid $pid, 2 live processes matching the filter" "$tmp/pane" || fail "filtered headline"
grep -q '^filter: sleeper$' "$tmp/pane" || fail "filter line"
grep -q '^states: 2 timer$' "$tmp/pane" || fail "filtered states"
[ "$(grep -c '^#[0-9]* sleeper\[[01]\] *timer' "$tmp/pane")" = 2 ] || fail "the two sleepers"
! grep -q 'main.par\|^ticks' "$tmp/pane" || fail "the filter let others through"

# q quits with status 0 and the program goes on.
tmux -L "$server" send-keys -t top q
pane_until '^top-exit=0$'
kill -0 "$pid" || fail "the program ended after top"
"$transit" attach "$pid" > "$tmp/snapshot" || fail "attach after top"
grep -q '^10 live processes:$' "$tmp/snapshot" || fail "snapshot after top: $(cat "$tmp/snapshot")"
echo ok
