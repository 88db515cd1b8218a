#!/usr/bin/env bash
# PLACED PAR on networks of emulated transputers (examples/grid): each example prints exactly its
# native output with `transit run --target t800 --topology SPEC`, on 1, 2 and 3 host threads, with
# the same cycle count on every processor (tests/transputer/grid-routes.occ: channels routed over other
# processors, on a pipeline, a ring and a grid; grid-rendezvous.occ: a routed channel is a
# rendezvous); `transit build --topology` writes the boot file and the network (and its line table)
# that `transit emu` runs again; a channel the network cannot carry is an error naming it and both
# processors, and so is a PLACE c AT link the topology contradicts; a deadlock on the network is
# reported in occam terms, naming the processors, by run and by emu.
#   grid_test.sh TRANSIT SOURCE_ROOT
set -euo pipefail
transit=$(realpath "$1")
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# program topology exit-status
while read -r name topology want; do
  prog="$root/$name"
  status=0
  "$transit" run "$prog" > "$tmp/native.txt" 2> /dev/null || status=$?
  [ "$status" = "$want" ] || fail "$name: native run, status $status"
  for threads in 1 2 3; do
    status=0
    "$transit" run --target t800 --threads $threads --topology "$topology" --stats "$prog" > "$tmp/out.txt" 2> "$tmp/stats.txt" ||
      status=$?
    [ "$status" = "$want" ] || fail "$name on $topology, $threads threads: status $status $(cat "$tmp/stats.txt")"
    cmp -s "$tmp/native.txt" "$tmp/out.txt" || fail "$name on $topology, $threads threads: $(diff "$tmp/native.txt" "$tmp/out.txt")"
    # node, cycles, instructions, idle of every processor
    awk '/^[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+/ {print $1, $2, $3, $4}' "$tmp/stats.txt" > "$tmp/cycles-$threads.txt"
    [ -s "$tmp/cycles-$threads.txt" ] || fail "$name: no per-processor statistics: $(cat "$tmp/stats.txt")"
    cmp -s "$tmp/cycles-1.txt" "$tmp/cycles-$threads.txt" ||
      fail "$name on $threads threads: cycles differ from 1 thread: $(diff "$tmp/cycles-1.txt" "$tmp/cycles-$threads.txt")"
  done
  grep -q "^[0-9]*\.[0-9] -> [0-9]*\.[0-9] *[1-9][0-9]*$" "$tmp/stats.txt" || fail "$name: no link traffic in --stats: $(cat "$tmp/stats.txt")"
  echo "$name on $topology: $(wc -l < "$tmp/cycles-1.txt") processors, identical on 1, 2 and 3 threads"
done <<'LIST'
examples/grid/sieve-ring.occ ring:16 0
examples/grid/farm-grid.occ grid:4x4 0
examples/grid/farm-real32.occ grid:4x4 0
examples/grid/deadlock-ring.occ ring:4 3
tests/transputer/grid-routes.occ pipeline:8 0
tests/transputer/grid-routes.occ ring:8 0
tests/transputer/grid-routes.occ grid:4x4 0
tests/transputer/grid-rendezvous.occ pipeline:3 0
tests/transputer/grid-place.occ ring:2 0
tests/transputer/grid-place.occ ring:4 0
LIST

# The deadlock report names the occam processes, their processors and lines, and the cycle round the ring.
"$transit" run --target t800 --topology ring:4 "$root/examples/grid/deadlock-ring.occ" > /dev/null 2> "$tmp/err.txt" || true
for want in "main.par2.par\[2\] on processor 2 \[input\] input on channel 'link\[1\]' at .*deadlock-ring.occ:12:5 in pass.on, called at .*deadlock-ring.occ:25:9 in main.par2.par (spawned at .*deadlock-ring.occ:24:7)" \
            "waits for #2 main.par2.par\[1\] on processor 1" "wait-for cycles:" \
            "#1 main.par1 on processor 0 (deadlock-ring.occ:12) -> #4 main.par2.par\[3\] on processor 3 (deadlock-ring.occ:12) -> "; do
  grep -q "$want" "$tmp/err.txt" || fail "deadlock report on the network: no '$want' in: $(cat "$tmp/err.txt")"
done

# On a pipeline the ring's closing channel is routed: the report leaves the routers out, and the cycle
# is the same.
"$transit" run --target t800 --topology pipeline:4 "$root/examples/grid/deadlock-ring.occ" > /dev/null 2> "$tmp/routed.txt" || true
grep -q "^  #1 main.par1 on processor 0 (deadlock-ring.occ:12) -> #4 main.par2.par\[3\] on processor 3 (deadlock-ring.occ:12) -> #3 main.par2.par\[2\] on processor 2 (deadlock-ring.occ:12) -> #2 main.par2.par\[1\] on processor 1 (deadlock-ring.occ:12) -> #1 main.par1 on processor 0" "$tmp/routed.txt" ||
  fail "deadlock report over routed channels: $(cat "$tmp/routed.txt")"
grep -q "^4 live processes:" "$tmp/routed.txt" && ! grep -q "(route " "$tmp/routed.txt" ||
  fail "deadlock report over routed channels lists routers: $(cat "$tmp/routed.txt")"

# A routed channel is a rendezvous: a writer whose reader never takes its message deadlocks (it
# would go on were the output to complete when its router takes it), reported in its output.
printf 'PROC main (CHAN BYTE keyboard?, screen!, error!)\n  CHAN INT c, d:\n  PLACED PAR\n    PROCESSOR 0\n      SEQ\n        c ! 1\n        d ! 2\n    PROCESSOR 2\n      INT x:\n      SEQ\n        d ? x\n        c ? x\n:\n' > "$tmp/crossed.occ"
status=0
"$transit" run --target t800 --topology pipeline:3 "$tmp/crossed.occ" > /dev/null 2> "$tmp/crossed.txt" || status=$?
[ "$status" = 3 ] || fail "crossed routed channels: status $status $(cat "$tmp/crossed.txt")"
grep -q "main.par1 on processor 0 \[output\] output on channel 'c' at .*crossed.occ:6:9 .*waits for .*main.par2 on processor 2" "$tmp/crossed.txt" ||
  fail "crossed routed channels: $(cat "$tmp/crossed.txt")"

# One PROC's code for a routed channel and for another one: an error at the call, not a hang.
printf 'PROC send (CHAN INT c!)\n  c ! 1\n:\nPROC main (CHAN BYTE keyboard?, screen!, error!)\n  CHAN INT c, d:\n  PLACED PAR\n    PROCESSOR 0\n      CHAN INT d:\n      INT x:\n      PAR\n        send (c!)\n        send (d!)\n        d ? x\n    PROCESSOR 2\n      INT x:\n      c ? x\n:\n' > "$tmp/twice.occ"
"$transit" run "$tmp/twice.occ" || fail "one PROC for two channels: native status $?"
status=0
"$transit" run --target t800 --topology pipeline:3 "$tmp/twice.occ" > /dev/null 2> "$tmp/twice.txt" || status=$?
[ "$status" = 1 ] && grep -q "twice.occ:12:15: error: parameter 'c' is passed a channel routed from processor 0 in one call and another channel here" "$tmp/twice.txt" ||
  fail "one PROC for a routed channel and another: status $status $(cat "$tmp/twice.txt")"

# ... and the same report from transit emu of the network transit build wrote (its line table, FILE.btl.lines).
"$transit" build --target t800 --topology ring:4 "$root/examples/grid/deadlock-ring.occ" -o "$tmp/deadlock.btl" || fail "build of deadlock-ring.occ"
status=0
"$transit" emu "$tmp/deadlock.btl" --chip t800 --topology "$tmp/deadlock.btl.top" > /dev/null 2> "$tmp/emu-err.txt" || status=$?
[ "$status" = 3 ] || fail "emu of the deadlocking network: status $status"
cmp -s "$tmp/err.txt" "$tmp/emu-err.txt" || fail "emu's deadlock report differs from run's: $(diff "$tmp/err.txt" "$tmp/emu-err.txt")"

# The same on T414s.
"$transit" run --target t414 --topology ring:16 "$root/examples/grid/sieve-ring.occ" > "$tmp/t414.txt" || fail "sieve on T414s: status $?"
"$transit" run "$root/examples/grid/sieve-ring.occ" | cmp -s - "$tmp/t414.txt" || fail "sieve on T414s printed: $(cat "$tmp/t414.txt")"

# transit build writes the boot file and its network; transit emu runs them.
prog="$root/examples/grid/sieve-ring.occ"
"$transit" build --target t800 --topology ring:16 "$prog" -o "$tmp/sieve.btl" || fail "build --topology"
[ -s "$tmp/sieve.btl.top" ] || fail "build --topology wrote no topology file"
"$transit" emu "$tmp/sieve.btl" --chip t800 --topology "$tmp/sieve.btl.top" > "$tmp/emu.txt" || fail "emu of the built network: status $?"
"$transit" run "$prog" | cmp -s - "$tmp/emu.txt" || fail "emu of the built network printed: $(cat "$tmp/emu.txt")"

# Channels between processors that are not neighbours are routed, on any connected network: on a
# pipeline, the ring's closing channel goes back over the other 14 processors.
"$transit" run --target t800 --topology pipeline:16 "$prog" > "$tmp/pipeline.txt" || fail "sieve on pipeline:16: status $?"
"$transit" run "$prog" | cmp -s - "$tmp/pipeline.txt" || fail "sieve on pipeline:16 printed: $(cat "$tmp/pipeline.txt")"
"$transit" run --target t414 --topology ring:8 "$root/tests/transputer/grid-routes.occ" > "$tmp/t414.txt" || fail "routes on T414s: status $?"
"$transit" run "$root/tests/transputer/grid-routes.occ" | cmp -s - "$tmp/t414.txt" || fail "routes on T414s printed: $(cat "$tmp/t414.txt")"

# A channel between processors no path joins: an error naming the channel and both processors.
printf 'nodes 8\nchip t800\nhost 0.0\n0.1 - 1.3\n1.1 - 2.3\n2.1 - 3.3\n3.1 - 4.3\n4.1 - 5.3\n5.1 - 6.3\n' > "$tmp/cut.top"
status=0
"$transit" run --target t800 --topology "$tmp/cut.top" "$root/tests/transputer/grid-routes.occ" 2> "$tmp/err.txt" > /dev/null || status=$?
[ "$status" = 1 ] || fail "a channel the network cannot carry: status $status"
grep -q "grid-routes.occ:[0-9]*:[0-9]*: error: channel 'jobs\[2\]' from processor 0 to processor 7: .*cut.top does not connect them" "$tmp/err.txt" ||
  fail "a channel the network cannot carry: $(cat "$tmp/err.txt")"
# PLACE c AT link, checked against the topology: file:line:col and what is wrong.
place="$root/tests/transputer/grid-place.occ"
expect_error() {  # TOPOLOGY SED-EDIT WANTED: the program edited by SED-EDIT fails with WANTED
  sed "$2" "$place" > "$tmp/place.occ"
  status=0
  "$transit" run --target t800 --topology "$1" "$tmp/place.occ" 2> "$tmp/err.txt" > /dev/null || status=$?
  [ "$status" = 1 ] || fail "PLACE ($2): status $status"
  grep -q "$3" "$tmp/err.txt" || fail "PLACE ($2): no '$3' in: $(cat "$tmp/err.txt")"
}
expect_error ring:2 's/PLACE c AT 6:/PLACE c AT 2:/' "place.occ:11:18: error: PLACE 'c' AT 2: processor 0 inputs from 'c', so it is on a link's input (4 to 7)"
expect_error ring:4 's/PLACE d AT 2:/PLACE d AT 1:/' "place.occ:12:18: error: PLACE 'd' AT 1: link 1 of processor 0 leads to processor 3 in ring:4, not to processor 1 at the channel's other end"
expect_error ring:2 's/PLACE c AT 1:/PLACE c AT 2:/' "place.occ:11:18: error: PLACE 'c' AT 6: link 2 of processor 0 is not wired to link 2 of processor 1 (link 1 of processor 0 is)"
expect_error pipeline:2 '' "place.occ:[0-9]*:[0-9]*: error: channel 'e' from processor 1 to processor 0: pipeline:2 joins them only over links the program PLACEs channels on"
expect_error ring:2 's/PLACE c AT 6:/PLACE c AT 9:/' "place.occ:11:18: error: a channel PLACEd in a PROCESSOR is on a link: its address must be a constant from 0 to 7"
printf 'PROC main (CHAN BYTE keyboard?, screen!, error!)\n  [2]CHAN INT c:\n  PLACED PAR\n    PROCESSOR 0\n      PLACE c AT 1:\n      c[0] ! 1\n    PROCESSOR 1\n      INT x:\n      c[0] ? x\n:\n' > "$tmp/array.occ"
"$transit" check "$tmp/array.occ" 2> "$tmp/err.txt" && fail "PLACE of an array of channels on a link: accepted"
grep -q "array.occ:5:7: error: 'c' is an array of channels: a link carries one channel" "$tmp/err.txt" ||
  fail "PLACE of an array of channels on a link: $(cat "$tmp/err.txt")"
echo ok
