package par

import "testing"

func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		out := make([]int, n)
		For(n, func(i int) { out[i] = i * i })
		for i, v := range out {
			if v != i*i {
				t.Fatalf("n=%d: out[%d] = %d", n, i, v)
			}
		}
	}
}
