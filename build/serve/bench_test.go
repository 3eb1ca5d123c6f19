package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"sitegen/build/internal/gensite"
)

// BenchmarkEditToServed1000 measures, on a generated 1,000-module course,
// the time from writing a module to the dev server serving the new page.
func BenchmarkEditToServed1000(b *testing.B) {
	dir := b.TempDir()
	writeFS(b, dir, gensite.Site(1000))
	benchEdit(b, dir)
}

// BenchmarkEditToServedSite does the same on a copy of the site at
// $BENCH_SITE (e.g. one made by ../shared/bench/make-site.sh), if set.
func BenchmarkEditToServedSite(b *testing.B) {
	src := os.Getenv("BENCH_SITE")
	if src == "" {
		b.Skip("set BENCH_SITE to a site folder to run this benchmark")
	}
	dir := b.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(src, "content"))); err != nil {
		b.Fatal(err)
	}
	benchEdit(b, dir)
}

// BenchmarkEditToServedCourse does the same on a copy of the bundled course.
func BenchmarkEditToServedCourse(b *testing.B) {
	dir := b.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		b.Skip("no bundled course:", err)
	}
	benchEdit(b, dir)
}

// pause is the time between two edits.
const pause = 1500 * time.Millisecond

func benchEdit(b *testing.B, dir string) {
	var module, url string
	filepath.WalkDir(filepath.Join(dir, "content/modules"), func(p string, d fs.DirEntry, err error) error {
		if module == "" && err == nil && !d.IsDir() && d.Name() != "_index.md" {
			data, _ := os.ReadFile(p)
			if !strings.Contains(string(data), "access: premium") {
				module = p
				url = "/modules/" + strings.TrimSuffix(d.Name(), ".md") + "/"
			}
		}
		return nil
	})
	_, base, cancel, _ := startDevB(b, dir)
	defer cancel()
	orig, _ := os.ReadFile(module)
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		token := "token" + strconv.Itoa(i) + "x" + strconv.FormatInt(time.Now().UnixNano(), 36)
		start := time.Now()
		os.WriteFile(module, append(append([]byte{}, orig...), "\n\nEdited "+token+".\n"...), 0o644)
		for {
			body := getB(b, base+url)
			if strings.Contains(body, token) {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		lat = append(lat, time.Since(start))
		// Authors pause between saves: let this edit's audit finish, as
		// ../shared/bench/compare-serve.py spaces its edits.
		b.StopTimer()
		time.Sleep(pause)
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(rssMiB(), "rss-MiB")
}

func writeFS(b *testing.B, dir string, fsys fstest.MapFS) {
	for name, f := range fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// rssMiB is this process's resident memory, from /proc.
func rssMiB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb / 1024
		}
	}
	return 0
}
