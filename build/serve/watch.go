package serve

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Debounce is how long the tree must be quiet after an event before a
// rebuild starts: editors save with bursts of write, rename and chmod.
const Debounce = 20 * time.Millisecond

// Change is a settled burst of file events.
type Change struct {
	Paths []string // slash paths relative to the site folder
}

// CSSOnly reports whether every changed file is a stylesheet asset.
func (c Change) CSSOnly() bool {
	for _, p := range c.Paths {
		if !strings.HasPrefix(p, "assets/") || !strings.HasSuffix(p, ".css") {
			return false
		}
	}
	return len(c.Paths) > 0
}

// ignored reports whether a file name is an editor's or the system's
// temporary file, whose events are noise.
func ignored(name string) bool {
	base := filepath.Base(name)
	switch {
	case base == "4913", base == ".DS_Store", strings.HasPrefix(base, ".#"), strings.HasPrefix(base, "#"),
		strings.HasSuffix(base, "~"), strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		strings.HasSuffix(base, ".swo"), strings.HasSuffix(base, ".tmp"), strings.HasSuffix(base, ".crdownload"),
		strings.HasPrefix(base, ".") && base != ".":
		return true
	}
	return false
}

// watched are the folders of a site a build reads.
var watched = []string{"content", "layouts", "assets"}

// Watch sends a Change on out after each settled burst of events under
// dir's content, layouts and assets, until ctx ends. With poll > 0 it scans
// the tree at that interval instead of relying on file system events.
func Watch(ctx context.Context, dir string, poll time.Duration, out chan<- Change) error {
	if poll > 0 {
		go pollLoop(ctx, dir, poll, out)
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching files: %w (try --poll 500ms)", err)
	}
	// The site folder itself is watched too, so that a layouts/ or assets/
	// folder created after start is picked up.
	w.Add(dir)
	for _, sub := range watched {
		addTree(w, filepath.Join(dir, sub))
	}
	go func() {
		defer w.Close()
		pending := map[string]bool{}
		timer := time.NewTimer(time.Hour)
		timer.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if ignored(ev.Name) {
					continue
				}
				if ev.Op&fsnotify.Create != 0 {
					if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
						addTree(w, ev.Name) // a new folder: watch it and what it holds
					}
				}
				rel, err := filepath.Rel(dir, ev.Name)
				if err != nil || !underWatched(filepath.ToSlash(rel)) {
					continue
				}
				pending[filepath.ToSlash(rel)] = true
				timer.Reset(Debounce)
			case <-w.Errors:
				// An overflow loses events: rebuild to be sure.
				pending["."] = true
				timer.Reset(Debounce)
			case <-timer.C:
				c := Change{}
				for p := range pending {
					c.Paths = append(c.Paths, p)
				}
				clear(pending)
				select {
				case out <- c:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return nil
}

func underWatched(rel string) bool {
	for _, sub := range watched {
		if rel == sub || strings.HasPrefix(rel, sub+"/") {
			return true
		}
	}
	return false
}

func addTree(w *fsnotify.Watcher, root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if d.Name() != "." && strings.HasPrefix(d.Name(), ".") && p != root {
				return filepath.SkipDir
			}
			w.Add(p)
		}
		return nil
	})
}

// pollLoop compares the tree's file sizes and times at each tick.
func pollLoop(ctx context.Context, dir string, every time.Duration, out chan<- Change) {
	last := snapshot(dir)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := snapshot(dir)
			var c Change
			for p, sig := range now {
				if last[p] != sig {
					c.Paths = append(c.Paths, p)
				}
			}
			for p := range last {
				if _, ok := now[p]; !ok {
					c.Paths = append(c.Paths, p)
				}
			}
			last = now
			if len(c.Paths) > 0 {
				select {
				case out <- c:
				case <-ctx.Done():
					return
				}
			}
		}
	}
}

func snapshot(dir string) map[string]string {
	m := map[string]string{}
	for _, sub := range watched {
		filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || ignored(p) {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				rel, _ := filepath.Rel(dir, p)
				m[filepath.ToSlash(rel)] = fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
			}
			return nil
		})
	}
	return m
}

// Run builds, then rebuilds on every change until ctx ends.
func (d *Dev) Run(ctx context.Context, poll time.Duration) error {
	changes := make(chan Change)
	if err := Watch(ctx, d.Dir, poll, changes); err != nil {
		return err
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case c := <-changes:
				d.Rebuild(c.CSSOnly())
			}
		}
	}()
	return nil
}
