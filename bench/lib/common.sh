# shellcheck shell=bash
# Shell functions shared by the sections of bench/run: repeat a measurement, take its median, print ratios,
# build a Go peer. Sections source it: source "$TRANSIT_SOURCE/bench/lib/common.sh".

: "${TRANSIT_SOURCE:?run the sections through bench/run}" "${TRANSIT_BUILD:?run the sections through bench/run}"
BENCH_REPS=${BENCH_REPS:-5}

# figure TEXT UNIT: the number just before UNIT in TEXT, punctuation after UNIT ignored
# ("commstime seq: 7.5 ns/communication" ns/communication -> 7.5).
figure() {
  awk -v unit="$2" '{ for (i = 2; i <= NF; i++) { word = $i; sub(/[,;:)]$/, "", word); if (word == unit) { print $(i - 1); exit } } }' <<<"$1"
}

# repeat COMMAND...: runs COMMAND $BENCH_REPS times, keeping each run's output in the array outputs.
# When a run fails, it shows that run's output on stderr and fails.
repeat() {
  local rep out
  outputs=()
  for ((rep = 0; rep < BENCH_REPS; rep++)); do
    if ! out=$("$@" 2>&1); then
      echo "failed: $*" >&2
      echo "$out" >&2
      return 1
    fi
    outputs+=("$out")
  done
}

# median UNIT: the median over the outputs kept by repeat of the number just before UNIT.
median() {
  local out
  for out in "${outputs[@]}"; do figure "$out" "$1"; done |
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median_of UNIT COMMAND...: repeat COMMAND, then its median figure in UNIT.
median_of() {
  local unit=$1; shift
  repeat "$@" && median "$unit"
}

# ratio A B: A / B to one decimal with an x ("14.2x"), or "n/a" when either is missing or B is zero.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.1fx\n", a / b }'
}

# go_peer NAME: builds bench/peers/go/NAME.go into $TRANSIT_BUILD/bench/go/NAME (offline, caches under the build
# directory) unless it is up to date, and prints the executable's path; fails when go is absent or the build fails.
go_peer() {
  local name=$1 out=$TRANSIT_BUILD/bench/go
  command -v go >/dev/null || { echo "go not found (Debian package golang-go)" >&2; return 1; }
  mkdir -p "$out"
  if [ ! -x "$out/$name" ] || [ "$TRANSIT_SOURCE/bench/peers/go/$name.go" -nt "$out/$name" ]; then
    GO111MODULE=off GOFLAGS='' GOPROXY=off GOCACHE="$out/cache" GOPATH="$out/path" \
      go build -o "$out/$name" "$TRANSIT_SOURCE/bench/peers/go/$name.go" >&2 || return 1
  fi
  echo "$out/$name"
}
