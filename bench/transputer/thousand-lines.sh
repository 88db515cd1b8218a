#!/usr/bin/env bash
# Writes an occam program of exactly 1,000 lines to stdout, for the compile time of the transputer back
# end (bench/sections/45-transputer-commstime): 55 PROCs of 17 lines (an array, a replicated SEQ,
# arithmetic, IF, a channel and a PAR each), then a main that calls them all and prints a character.
set -euo pipefail
procs=55
{
  echo "-- 1,000 lines of occam for the compile-time benchmark (bench/transputer/thousand-lines.sh)."
  for ((k = 0; k < procs; k++)); do
    cat <<OCC
PROC step.$k (INT acc)
  [4]INT v:
  CHAN INT c:
  INT y:
  SEQ
    SEQ i = 0 FOR 4
      v[i] := (acc + (i * $k)) \\ 1000
    IF
      v[3] > v[0]
        acc := (acc + v[1]) - v[2]
      TRUE
        acc := acc + $((k + 1))
    PAR
      c ! acc
      c ? y
    acc := y
:
OCC
  done
  echo "PROC main (CHAN BYTE keyboard?, screen!, error!)"
  echo "  INT acc:"
  echo "  SEQ"
  echo "    acc := 1"
  for ((k = 0; k < procs; k++)); do echo "    step.$k (acc)"; done
  echo "    screen ! BYTE ((acc /\\ #3F) + 32)"
  echo "    screen ! '*n'"
  echo ":"
} | awk '{ print } END { for (i = NR; i < 1000; i++) print "-- (to 1,000 lines)" }'
