// Package par runs independent work items on all cores. Results are written
// by index, so the caller's order, not the scheduler's, decides the output.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n), on at most GOMAXPROCS goroutines.
func For(n int, fn func(i int)) { ForN(n, runtime.GOMAXPROCS(0), fn) }

// IOWorkers is how many goroutines do file-system work at once: system
// calls that wait on the disk leave the CPU free for the others.
const IOWorkers = 16

// ForN is For with at most workers goroutines.
func ForN(n, workers int, fn func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	wg.Add(workers)
	for w := 0; w < workers; w++ {
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
