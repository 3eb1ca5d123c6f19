package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"sitegen/build/par"
)

// Write puts files into dir atomically: they are written into a folder
// beside dir, which replaces dir only when every file is written. If
// anything fails, dir is left exactly as it was. Files from an earlier
// build that this one does not produce do not survive.
//
// The folder beside dir is kept after the swap (it then holds the previous
// build, as .<dir>.prev) and reused by the next build, which rewrites only
// what changed and deletes what is gone: recreating and deleting every file
// of a large site is most of the cost of writing it.
func Write(dir string, files []File) error {
	dir = filepath.Clean(dir)
	if err := refuseSource(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(parent, "."+filepath.Base(dir)+".prev")
	if fi, err := os.Lstat(tmp); err != nil || !fi.IsDir() {
		os.RemoveAll(tmp)
		if err := os.Mkdir(tmp, 0o755); err != nil {
			return err
		}
	}
	if err := writeAll(tmp, files); err != nil {
		return err
	}
	if err := swap(tmp, dir); err != nil {
		return fmt.Errorf("replacing %s: %w", dir, err)
	}
	return nil
}

func writeAll(root string, files []File) error {
	want := map[string]bool{}
	set := map[string]bool{}
	for _, f := range files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
		}
		want[f.Path] = true
		for d := path.Dir(f.Path); d != "." && !set[d]; d = path.Dir(d) {
			set[d] = true
		}
	}
	// What an earlier build left that this one does not write goes first
	// (a file where a folder must now be, too).
	if err := prune(root, want, set); err != nil {
		return err
	}
	// Folders level by level, each level's folders at once.
	levels := map[int][]string{}
	for d := range set {
		n := strings.Count(d, "/")
		levels[n] = append(levels[n], d)
	}
	for n := 0; len(levels[n]) > 0; n++ {
		dirs := levels[n]
		errs := make([]error, len(dirs))
		par.ForN(len(dirs), par.IOWorkers, func(i int) {
			err := os.Mkdir(filepath.Join(root, filepath.FromSlash(dirs[i])), 0o755)
			if errors.Is(err, fs.ErrExist) {
				err = nil
			}
			errs[i] = err
		})
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	errs := make([]error, len(files))
	par.ForN(len(files), par.IOWorkers, func(i int) {
		errs[i] = writeIfChanged(filepath.Join(root, filepath.FromSlash(files[i].Path)), files[i].Data)
	})
	return errors.Join(errs...)
}

// writeIfChanged writes data unless the file already holds exactly it:
// reading a file back is cheaper than writing it again.
func writeIfChanged(name string, data []byte) error {
	if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	return os.WriteFile(name, data, 0o644)
}

// prune deletes what root holds beyond the files and folders wanted.
func prune(root string, want, dirs map[string]bool) error {
	var stale []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if !dirs[rel] {
				stale = append(stale, p)
				return filepath.SkipDir
			}
			return nil
		}
		if !want[rel] || !d.Type().IsRegular() {
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	errs := make([]error, len(stale))
	par.ForN(len(stale), par.IOWorkers, func(i int) { errs[i] = os.RemoveAll(stale[i]) })
	return errors.Join(errs...)
}

// swap moves tmp into place at dir. With an existing dir it exchanges the
// two atomically where the system can, then removes the old tree.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := exchange(tmp, dir); err == nil {
		return nil // tmp now holds the previous build, for the next one
	}
	old := tmp + ".old"
	os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return os.Rename(old, tmp)
}

// refuseSource stops a build from replacing a folder that looks like a
// source tree (a mistyped --out . would otherwise delete the course).
func refuseSource(dir string) error {
	for _, marker := range []string{"content", "go.mod", ".git", "layouts"} {
		if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
			return fmt.Errorf("refusing to replace %s: it holds %s, so it looks like a source folder, not build output (choose another --out)", dir, marker)
		}
	}
	if fi, err := os.Lstat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("cannot write the site to %s: it is a file, not a folder", dir)
	}
	if strings.TrimSpace(dir) == "" || dir == "/" {
		return fmt.Errorf("refusing to replace %q", dir)
	}
	return nil
}
