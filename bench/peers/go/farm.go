// A farm of CPU-bound workers fed by unbuffered channels: the Go peer of bench/farm.cpp.
//
//	farmer -> work -> worker x W -> results -> harvester
//
// The farmer hands out item numbers on one channel that all workers read; each worker burns the same
// xorshift loop as bench/farm.cpp on its item and sends the result to the harvester, which adds them up.
// Run once with --threads 1 and once with all cores: the ratio of the times is the speedup. The checksum
// must match Transit's for the same --items and --work.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

// burn is the work of one item: steps rounds of xorshift64 from a seed made of the item number.
func burn(item int64, steps int) uint64 {
	x := uint64(item)*0x9E3779B97F4A7C15 + 1
	for i := 0; i < steps; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func main() {
	items := flag.Int("items", 10000, "work items")
	work := flag.Int("work", 10000, "xorshift steps per item")
	workers := flag.Int("workers", 8, "worker goroutines")
	threads := flag.Int("threads", 1, "GOMAXPROCS")
	flag.Parse()
	if *items < 1 || *work < 1 || *workers < 1 || *threads < 1 {
		fmt.Fprintln(os.Stderr, "usage: farm [--items N] [--work STEPS] [--workers W] [--threads T]")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*threads)

	start := time.Now()
	jobs := make(chan int64)
	results := make(chan uint64)
	go func() {
		for i := 0; i < *items; i++ {
			jobs <- int64(i)
		}
		close(jobs)
	}()
	for w := 0; w < *workers; w++ {
		go func() {
			for item := range jobs {
				results <- burn(item, *work)
			}
		}()
	}
	var checksum uint64
	for i := 0; i < *items; i++ {
		checksum += <-results
	}
	elapsed := time.Since(start)

	fmt.Printf("farm go threads=%d: %.1f ms, checksum %016x\n", *threads,
		float64(elapsed.Nanoseconds())/1e6, checksum)
}
