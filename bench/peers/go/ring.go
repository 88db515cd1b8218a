// A ring of N goroutines passing a token over unbuffered channels: the Go peer of bench/ring.cpp.
// It reports the resident memory each live goroutine costs (with its channel) and the time per hop.
//
// Process 0 (the main goroutine) injects the token and takes it back after each lap; every other process
// forwards it, adding one. After the first lap every process has run and waits on its input again, so the
// resident set then holds N live processes: bytes/process = (RSS then - RSS before creating anything) / N.
// The laps after the first are timed.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"
)

// residentBytes reads the resident set size from /proc/self/statm (second field, in pages).
func residentBytes() int64 {
	statm, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		fmt.Fprintln(os.Stderr, "ring:", err)
		os.Exit(1)
	}
	fields := bytes.Fields(statm)
	pages, err := strconv.ParseInt(string(fields[1]), 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ring: bad /proc/self/statm:", err)
		os.Exit(1)
	}
	return pages * int64(os.Getpagesize())
}

func member(laps int, in <-chan int64, out chan<- int64) {
	for lap := 0; lap < laps; lap++ {
		out <- <-in + 1
	}
}

func main() {
	n := flag.Int("processes", 1000, "processes in the ring, the main one included")
	laps := flag.Int("laps", 10, "times the token goes round (the first is not timed)")
	flag.Parse()
	if *n < 2 || *laps < 2 {
		fmt.Fprintln(os.Stderr, "usage: ring [--processes N>=2] [--laps L>=2]")
		os.Exit(2)
	}

	before := residentBytes()
	start := time.Now()
	links := make([]chan int64, *n) // links[i] goes into process i
	for i := range links {
		links[i] = make(chan int64)
	}
	for i := 1; i < *n; i++ {
		go member(*laps, links[i], links[(i+1)%*n])
	}
	created := time.Since(start)

	links[1] <- 0
	token := <-links[0]
	live := residentBytes()

	start = time.Now()
	for lap := 1; lap < *laps; lap++ {
		links[1] <- token
		token = <-links[0]
	}
	elapsed := time.Since(start)

	if want := int64(*laps) * int64(*n-1); token != want {
		fmt.Fprintf(os.Stderr, "ring: token is %d after %d laps, expected %d\n", token, *laps, want)
		os.Exit(1)
	}
	hops := float64(*laps-1) * float64(*n)
	fmt.Printf("ring %d go: %.0f bytes/process, %.1f ns/hop, %.1f ns/process created\n", *n,
		float64(live-before)/float64(*n), float64(elapsed.Nanoseconds())/hops,
		float64(created.Nanoseconds())/float64(*n))
}
