package output

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"sitegen/build/par"
)

// Write puts files into dir atomically: they are written into a new
// directory beside dir, which replaces dir only when every file is written.
// If anything fails, dir is left exactly as it was. Files from an earlier
// build that this one does not produce do not survive.
func Write(dir string, files []File) error {
	dir = filepath.Clean(dir)
	if err := refuseSource(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := writeAll(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swap(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("replacing %s: %w", dir, err)
	}
	return nil
}

func writeAll(root string, files []File) error {
	set := map[string]bool{}
	for _, f := range files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
		}
		for d := path.Dir(f.Path); d != "." && !set[d]; d = path.Dir(d) {
			set[d] = true
		}
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
			errs[i] = os.Mkdir(filepath.Join(root, filepath.FromSlash(dirs[i])), 0o755)
		})
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	errs := make([]error, len(files))
	par.ForN(len(files), par.IOWorkers, func(i int) {
		errs[i] = os.WriteFile(filepath.Join(root, filepath.FromSlash(files[i].Path)), files[i].Data, 0o644)
	})
	return errors.Join(errs...)
}

// removeTree deletes a folder, its top-level entries at once.
func removeTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	errs := make([]error, len(entries))
	par.ForN(len(entries), par.IOWorkers, func(i int) {
		errs[i] = os.RemoveAll(filepath.Join(dir, entries[i].Name()))
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.Remove(dir)
}

// swap moves tmp into place at dir. With an existing dir it exchanges the
// two atomically where the system can, then removes the old tree.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := exchange(tmp, dir); err == nil {
		return removeTree(tmp) // tmp now holds the previous build
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return removeTree(old)
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
