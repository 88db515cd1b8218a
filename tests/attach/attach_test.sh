#!/usr/bin/env bash
# transit attach end to end: a running program's snapshot (its processes, their occam lines, the
# timers they wait on), a program whose processes are in a wait-for cycle while another waits on
# the keyboard, --no-attach, no such process, and refusal of a socket or directory others can use.
#   attach_test.sh TRANSIT SOURCE_DIR
# Every program started here is killed on the way out.
set -euo pipefail
transit=$1
src=$2
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null || true; done
  exec 3>&- || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export XDG_RUNTIME_DIR=$tmp/run XDG_CACHE_HOME=${XDG_CACHE_HOME:-$tmp/cache}
mkdir -m 0700 "$XDG_RUNTIME_DIR"
dir=$XDG_RUNTIME_DIR/transit
mkfifo "$tmp/stdin"
exec 3<> "$tmp/stdin"  # the keyboard: open, never written

# start FILE [OPTIONS...]: runs the program in the background (stdin the open fifo); its pid in $pid.
start() {
  local file=$1
  shift
  "$transit" run "$@" "$src/$file" < "$tmp/stdin" > "$tmp/$file.out" 2>&1 &
  pid=$!
  pids+=("$pid")
}
# wait_for_socket: until the program (compiled first, so allow for that) listens.
wait_for_socket() {
  for _ in $(seq 1200); do
    [ -S "$dir/$pid" ] && return 0
    kill -0 "$pid" 2> /dev/null || fail "program $pid ended: $(cat "$tmp"/*.out)"
    sleep 0.1
  done
  fail "no socket $dir/$pid"
}
# attach WANT_STATUS: output in $tmp/out, errors in $tmp/err
attach() {
  local want=$1 status=0
  "$transit" attach "$pid" > "$tmp/out" 2> "$tmp/err" || status=$?
  [ "$status" = "$want" ] || { cat "$tmp/out" "$tmp/err"; fail "attach $pid: status $status, expected $want"; }
}
# attach_until PATTERN: attaches until the snapshot matches (the program may not have got there yet).
attach_until() {
  for _ in $(seq 50); do
    attach 0
    grep -q "$1" "$tmp/out" && return 0
    sleep 0.1
  done
  cat "$tmp/out"
  fail "no '$1' in the snapshot"
}

# A running program: its processes by occam name, what they wait on and where.
start running.occ
wait_for_socket
[ "$(stat -c %a "$dir")" = 700 ] || fail "directory mode $(stat -c %a "$dir")"
[ "$(stat -c %a "$dir/$pid")" = 600 ] || fail "socket mode $(stat -c %a "$dir/$pid")"
attach_until 'sleeper\[1\] \[timer\] timer AFTER [0-9]* at .*running.occ:8:5 in sleeper, called at .*running.occ:16:7'
grep -q "^transit: attach: pid $pid, clock [0-9]*$" "$tmp/out" || fail "headline: $(head -1 "$tmp/out")"
grep -q '^10 live processes:$' "$tmp/out" || fail "count: $(cat "$tmp/out")"
grep -q "main.par4 \[input\] input on channel 'done' at .*running.occ:31:11" "$tmp/out" || fail "done: $(cat "$tmp/out")"
grep -q '^no wait-for cycle$' "$tmp/out" || fail "cycle: $(cat "$tmp/out")"
[ "$(grep -c 'sleeper\[[01]\] \[timer\]' "$tmp/out")" = 2 ] || fail "sleepers (replicator indices 0 and 1): $(cat "$tmp/out")"
attach 0  # again: the program goes on and answers each time
kill -0 "$pid" || fail "the program ended after attach"
running=$pid

# --trace: communications as they happen, values in occam notation, until SIGINT (status 0); the
# program goes on. trace NAME [LINES]: a trace of at least LINES (3) communications in $tmp/trace.
trace() {
  local name=$1 lines=${2:-3} status=0
  "$transit" attach "$pid" --trace "$name" > "$tmp/trace" 2> "$tmp/trace.err" &
  local tracer=$!
  for _ in $(seq 100); do
    [ "$(grep -c '^clock' "$tmp/trace")" -ge "$lines" ] && break
    sleep 0.1
  done
  kill -INT "$tracer"
  wait "$tracer" || status=$?
  [ "$status" = 0 ] || fail "trace $name: status $status: $(cat "$tmp/trace.err")"
  [ "$(grep -c '^clock' "$tmp/trace")" -ge "$lines" ] || fail "trace $name: $(cat "$tmp/trace" "$tmp/trace.err")"
  kill -0 "$pid" || fail "the program ended after a trace"
}
start trace-values.occ
wait_for_socket
trace tab
head -1 "$tmp/trace" | grep -q "^transit: trace: pid $pid, communications on channel or by process 'tab' as they happen$" ||
  fail "trace headline: $(head -1 "$tmp/trace")"
line='^clock [0-9]*: tab ! \[[0-9]*, 2, 3\]  (#[0-9]* main.par1 at .*trace-values.occ:18:11 -> #[0-9]* main.par2 at .*trace-values.occ:31:9)$'
[ "$(grep -c "$line" "$tmp/trace")" = "$(grep -c '^clock' "$tmp/trace")" ] || fail "trace tab: $(cat "$tmp/trace")"
# consecutive rounds, none left out
grep -o '\[[0-9]*,' "$tmp/trace" | tr -d '[,' | awk 'NR > 1 && $1 != last + 1 { bad = 1 } { last = $1 } END { exit bad }' ||
  fail "trace tab: rounds missing: $(cat "$tmp/trace")"
trace ch
grep -q "^clock [0-9]*: ch ! 'a'  (#[0-9]* main.par1 at .*:19:11 -> #[0-9]* main.par2 at .*:32:9)$" "$tmp/trace" || fail "ch (an ALT's input): $(cat "$tmp/trace")"
grep -q "^clock [0-9]*: ch ! '\*n'  (#[0-9]* main.par1 at .*:20:11 -> #[0-9]* main.par2 at .*:34:13)$" "$tmp/trace" || fail "ch: $(cat "$tmp/trace")"
trace main.par2 13
grep -q '^clock [0-9]*: r ! 3.5  ' "$tmp/trace" || fail "REAL32: $(cat "$tmp/trace")"
grep -q '^clock [0-9]*: square ! \[\[1, 2\], \[3, [0-9]*\]\]  ' "$tmp/trace" || fail "[2][2]INT: $(cat "$tmp/trace")"
grep -q '^clock [0-9]*: flag ! TRUE  ' "$tmp/trace" && grep -q '^clock [0-9]*: flag ! FALSE  ' "$tmp/trace" ||
  fail "BOOL: $(cat "$tmp/trace")"
attach_until 'main.par2'  # a snapshot after the traces: the program goes on
trace_pid=$pid

# On the transputer target (transit run --target, and transit emu of a boot file transit build
# wrote): the chip's processes as its deadlock report finds them; traces are refused.
start target-busy.occ --target t800
wait_for_socket
attach_until "main.par3 \[input\] input on channel 'never' at .*target-busy.occ:19:5"
grep -q "^transit: attach: pid $pid, cycle [0-9]* (on the emulated T800)$" "$tmp/out" || fail "target headline: $(cat "$tmp/out")"
grep -q '^no wait-for cycle$' "$tmp/out" || fail "target cycles: $(cat "$tmp/out")"
"$transit" attach "$pid" --trace ping > /dev/null 2> "$tmp/err" && fail "a trace on the target was not refused"
grep -q "refused: traces and counts are for programs run by the runtime, not an emulated transputer" "$tmp/err" ||
  fail "target trace: $(cat "$tmp/err")"
kill -9 "$pid"
"$transit" build --target t414 -o "$tmp/busy.btl" "$src/target-busy.occ" || fail "transit build"
"$transit" emu "$tmp/busy.btl" < "$tmp/stdin" > "$tmp/emu.out" 2>&1 &
pid=$!
pids+=("$pid")
wait_for_socket
attach_until "main.par3 \[input\] input on channel 'never' at .*target-busy.occ:19:5"
grep -q "^transit: attach: pid $pid, cycle [0-9]* (on the emulated T414)$" "$tmp/out" || fail "emu headline: $(cat "$tmp/out")"
kill -9 "$pid"

# The same with four workers of the work-stealing scheduler.
start running.occ --threads 4
wait_for_socket
attach_until 'sleeper\[0\] \[timer\]'

# A cycle the run cannot report as a deadlock (the keyboard may still deliver): attach shows it.
start cycle.occ
wait_for_socket
attach_until '^wait-for cycles:$'
grep -q "main.par1 \[input\] input on channel 'keyboard' at .*cycle.occ:7:5" "$tmp/out" || fail "keyboard: $(cat "$tmp/out")"
grep -q '^  #[0-9]* main.par2 (cycle.occ:10) -> #[0-9]* main.par3 (cycle.occ:14) -> #[0-9]* main.par2 (cycle.occ:10)$' "$tmp/out" ||
  fail "cycle: $(cat "$tmp/out")"

# --no-attach: no socket, and attach says why.
start cycle.occ --no-attach
for _ in $(seq 1200); do
  [ "$(readlink "/proc/$pid/exe")" != "$(readlink -f "$transit")" ] && break  # compiled and started
  sleep 0.1
done
sleep 0.2
attach 1
grep -q "process $pid does not listen for an inspector" "$tmp/err" || fail "--no-attach: $(cat "$tmp/err")"
[ ! -e "$dir/$pid" ] || fail "--no-attach made a socket"

# No such process.
pid=$running
kill -9 "$pid"
wait "$pid" 2> /dev/null || true
attach 1
grep -q "no such process: $pid" "$tmp/err" || fail "no such process: $(cat "$tmp/err")"

# Refusals: a directory or socket others can use; one that belongs to another user.
start running.occ
wait_for_socket
chmod 0755 "$dir"
attach 1
grep -q "refusing to attach: $dir has mode 0755" "$tmp/err" || fail "directory mode: $(cat "$tmp/err")"
chmod 0700 "$dir"
chmod 0666 "$dir/$pid"
attach 1
grep -q "refusing to attach: $dir/$pid has mode 0666" "$tmp/err" || fail "socket mode: $(cat "$tmp/err")"
chmod 0600 "$dir/$pid"
attach 0
if [ "$(id -u)" = 0 ]; then  # root can make a socket another user's
  chown 65534 "$dir/$pid"
  attach 1
  grep -q "refusing to attach: $dir/$pid belongs to user 65534, not to you" "$tmp/err" || fail "owner: $(cat "$tmp/err")"
  chown 0 "$dir/$pid"
fi
# A program will not listen in a directory others can use.
chmod 0755 "$dir"
start cycle.occ
for _ in $(seq 1200); do grep -q 'attach is off' "$tmp/cycle.occ.out" && break; sleep 0.1; done
grep -q "transit: attach is off: $dir has mode 0755" "$tmp/cycle.occ.out" || fail "listened: $(cat "$tmp/cycle.occ.out")"
[ ! -e "$dir/$pid" ] || fail "made a socket in an open directory"
chmod 0700 "$dir"
echo "ok"
