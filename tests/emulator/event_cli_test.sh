#!/bin/sh
# transit emu --event CYCLE[,CYCLE...]: the event pin is raised at those cycles. The program
# (event_cli.s) waits on the event channel, then prints "ev" and exits with 5.
# Usage: event_cli_test.sh TRANSIT SOURCE_DIR
set -u
transit=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; cat "$tmp/err.txt" 2>/dev/null; exit 1; }

"$transit" asm "$src/event_cli.s" --boot -o "$tmp/event.btl" || fail "asm"

status=0
"$transit" emu "$tmp/event.btl" --event 200000 --stats > "$tmp/out.txt" 2> "$tmp/err.txt" || status=$?
[ "$status" -eq 5 ] || fail "exit status $status, expected 5"
[ "$(cat "$tmp/out.txt")" = "ev" ] || fail "output '$(cat "$tmp/out.txt")'"
cycles=$(sed -n 's/^node 0 ([^)]*): \([0-9]*\) cycles.*/\1/p' "$tmp/err.txt")
[ -n "$cycles" ] || fail "no cycle count in --stats"
[ "$cycles" -ge 200000 ] || fail "ended at cycle $cycles, before the event at 200000"
[ "$cycles" -lt 220000 ] || fail "ended at cycle $cycles, long after the event at 200000"

# Several events: the first one releases the input.
status=0
"$transit" emu "$tmp/event.btl" --event 90000,300000 --stats > "$tmp/out.txt" 2> "$tmp/err.txt" || status=$?
[ "$status" -eq 5 ] || fail "exit status $status with two events"
cycles=$(sed -n 's/^node 0 ([^)]*): \([0-9]*\) cycles.*/\1/p' "$tmp/err.txt")
[ "$cycles" -ge 90000 ] && [ "$cycles" -lt 110000 ] || fail "ended at cycle $cycles, expected just after 90000"

# No event: a deadlock that names the process waiting for the event.
status=0
"$transit" emu "$tmp/event.btl" > "$tmp/out.txt" 2> "$tmp/err.txt" || status=$?
[ "$status" -eq 1 ] || fail "exit status $status without an event, expected 1"
grep -q "waits for an event" "$tmp/err.txt" || fail "the deadlock report does not name the event wait"

status=0
"$transit" emu "$tmp/event.btl" --event 12,x 2> "$tmp/err.txt" || status=$?
[ "$status" -eq 2 ] || fail "bad --event value: status $status, expected 2"
echo ok
