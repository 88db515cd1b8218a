// Pipelines of goroutines over unbuffered channels: the Go peer of bench/pipeline.cpp.
//
//	source -> stage x S -> sink        (P such pipelines side by side, independent of each other)
//
// Each source sends V values; each stage burns `work` xorshift steps on a value and passes it on; each sink adds
// up what arrives. The checksum must match Transit's for the same arguments.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

func burn(x uint64, steps int) uint64 {
	for i := 0; i < steps; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func main() {
	count := flag.Int("pipelines", 1, "independent pipelines")
	stages := flag.Int("stages", 1000, "stages per pipeline")
	values := flag.Int("values", 1000, "values through each pipeline")
	work := flag.Int("work", 0, "xorshift steps per value per stage")
	threads := flag.Int("threads", 1, "GOMAXPROCS")
	flag.Parse()
	if *count < 1 || *stages < 1 || *values < 1 || *work < 0 || *threads < 1 {
		fmt.Fprintln(os.Stderr, "usage: pipeline [--pipelines P] [--stages S] [--values V] [--work STEPS] [--threads T]")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*threads)

	start := time.Now()
	sums := make([]uint64, *count)
	var done sync.WaitGroup
	for p := 0; p < *count; p++ {
		done.Add(1)
		first := make(chan uint64)
		go func(out chan<- uint64) {
			for v := 1; v <= *values; v++ {
				out <- uint64(v)
			}
		}(first)
		in := first
		for s := 0; s < *stages; s++ {
			out := make(chan uint64)
			go func(in <-chan uint64, out chan<- uint64) {
				for v := 0; v < *values; v++ {
					out <- burn(<-in, *work) + 1
				}
			}(in, out)
			in = out
		}
		go func(in <-chan uint64, sum *uint64) {
			for v := 0; v < *values; v++ {
				*sum += <-in
			}
			done.Done()
		}(in, &sums[p])
	}
	done.Wait()
	elapsed := time.Since(start)
	var checksum uint64
	for _, s := range sums {
		checksum += s
	}
	hops := float64(*count) * float64(*values) * float64(*stages+1)
	fmt.Printf("pipeline go threads=%d: %.1f ms, %.1f ns/hop, checksum %016x\n", *threads,
		float64(elapsed.Nanoseconds())/1e6, float64(elapsed.Nanoseconds())/hops, checksum)
}
