package output

import (
	"errors"
	"fmt"
	"os"
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
	dirs := map[string]bool{}
	for _, f := range files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
		}
		dirs[filepath.Dir(filepath.Join(root, filepath.FromSlash(f.Path)))] = true
	}
	for d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	errs := make([]error, len(files))
	par.For(len(files), func(i int) {
		errs[i] = os.WriteFile(filepath.Join(root, filepath.FromSlash(files[i].Path)), files[i].Data, 0o644)
	})
	return errors.Join(errs...)
}

// swap moves tmp into place at dir. With an existing dir it exchanges the
// two atomically where the system can, then removes the old tree.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := exchange(tmp, dir); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous build
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
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
