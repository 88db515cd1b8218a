// Commstime (Welch's COMSTIME) written with Go's unbuffered channels: the Go peer of Transit's
// examples/commstime, the same four processes and the same count of communications.
//
//	prefix -> delta -> succ -> prefix, and delta -> consume
//
// Each cycle is four communications; consume times the cycles after the first and prints
// "commstime <variant> go: <x> ns/communication". Delta outputs to consume, then to succ;
// the par variant's delta outputs to both in parallel, as occam's PAR: two goroutines per cycle,
// joined before the next input.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

// prefix outputs 0, then copies its input to its output; it takes the last value without passing it on,
// so every process ends after exactly n cycles.
func prefix(n int, in <-chan int64, out chan<- int64) {
	out <- 0
	for i := 1; i < n; i++ {
		out <- <-in
	}
	<-in
}

func deltaSeq(n int, in <-chan int64, toConsume, toSucc chan<- int64) {
	for i := 0; i < n; i++ {
		x := <-in
		toConsume <- x
		toSucc <- x
	}
}

func deltaPar(n int, in <-chan int64, toConsume, toSucc chan<- int64) {
	var branches sync.WaitGroup
	for i := 0; i < n; i++ {
		x := <-in
		branches.Add(2)
		go func() { toConsume <- x; branches.Done() }()
		go func() { toSucc <- x; branches.Done() }()
		branches.Wait()
	}
}

func succ(n int, in <-chan int64, out chan<- int64) {
	for i := 0; i < n; i++ {
		out <- <-in + 1
	}
}

// consume returns the time of cycles 2..n (the first one starts the clock).
func consume(n int, in <-chan int64) time.Duration {
	<-in
	start := time.Now()
	for i := 1; i < n; i++ {
		if v := <-in; v != int64(i) {
			fmt.Fprintf(os.Stderr, "commstime: consume read %d, expected %d\n", v, i)
			os.Exit(1)
		}
	}
	return time.Since(start)
}

func main() {
	iterations := flag.Int("iterations", 1000000, "cycles of the ring (each is 4 communications)")
	variant := flag.String("variant", "seq", "seq or par: delta outputs in sequence or in parallel")
	threads := flag.Int("threads", 1, "GOMAXPROCS")
	flag.Parse()
	if *iterations < 2 || (*variant != "seq" && *variant != "par") || *threads < 1 {
		fmt.Fprintln(os.Stderr, "usage: commstime [--iterations N>=2] [--variant seq|par] [--threads N>=1]")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*threads)

	n := *iterations
	a, b, c, d := make(chan int64), make(chan int64), make(chan int64), make(chan int64)
	go prefix(n, c, a)
	if *variant == "seq" {
		go deltaSeq(n, a, d, b)
	} else {
		go deltaPar(n, a, d, b)
	}
	go succ(n, b, c)
	elapsed := consume(n, d)

	perCommunication := float64(elapsed.Nanoseconds()) / float64(4*(n-1))
	fmt.Printf("commstime %s go: %.1f ns/communication\n", *variant, perCommunication)
}
