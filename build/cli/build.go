package cli

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"sitegen/assets"
	"sitegen/build"
	"sitegen/build/diag"
	"sitegen/build/output"
	"sitegen/layouts"
)

// runBuild implements build (write=true) and check (write=false).
func runBuild(args []string, stderr io.Writer, write bool) error {
	name, line := "check", "sitegen check [--src DIR] [--drafts] [--strict]"
	if write {
		name, line = "build", "sitegen build [--src DIR] [--out DIR] [--base-url URL] [--drafts] [--strict]"
	}
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	src := fl.String("src", ".", "the site folder (holding content/, and optionally layouts/ and assets/)")
	out := ""
	baseURL := ""
	if write {
		fl.StringVar(&out, "out", "", "the output folder (default SRC/public)")
		fl.StringVar(&baseURL, "base-url", "", "the site's absolute URL, overriding the settings")
	}
	drafts := fl.Bool("drafts", false, "include drafts")
	strict := fl.Bool("strict", false, "fail on warnings too")
	pos, err := parseFlags(fl, args, line)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0]), line}
	}
	if baseURL != "" && !(len(baseURL) > 8 && (baseURL[:8] == "https://" || baseURL[:7] == "http://")) {
		return usageError{fmt.Sprintf("--base-url must be an absolute http(s) URL, got %q", baseURL), line}
	}
	if fi, err := os.Stat(filepath.Join(*src, "content")); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s has no content/ folder (run sitegen in the site's folder, or pass --src DIR)", *src)
	}
	start := time.Now()
	res, diags := build.Build(Sources(*src), build.Options{Drafts: *drafts, BaseURL: baseURL})
	fmt.Fprint(stderr, diags.String())
	if diags.Failed(*strict) {
		fmt.Fprintln(stderr, failedLine(diags, *strict))
		return errReported
	}
	if write {
		if out == "" {
			out = filepath.Join(*src, "public")
		}
		if err := output.Write(out, res.Files); err != nil {
			return err
		}
	}
	st := res.Stats()
	verb := "built"
	if !write {
		verb = "checked"
	}
	fmt.Fprintf(stderr, "%s %d modules (%d%% free, %d%% of words), %d questions, %d scenarios, %d topics → %d files in %d ms\n",
		verb, st.Modules, res.Mix.ModulePercent, res.Mix.WordPercent, st.Questions, st.Scenarios, st.Topics, st.Files, time.Since(start).Milliseconds())
	return nil
}

func failedLine(d diag.List, strict bool) string {
	e, w := d.Errors(), d.Warnings()
	msg := fmt.Sprintf("build failed: %d error%s", e, plural(e))
	if w > 0 {
		msg += fmt.Sprintf(", %d warning%s", w, plural(w))
		if strict && e == 0 {
			msg += " (--strict)"
		}
	}
	return msg + "; nothing was written"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Sources resolves a site folder: content from it; layouts and assets from
// its own layouts/ and assets/, file by file over the defaults built into
// sitegen.
func Sources(dir string) build.Sources {
	root := os.DirFS(dir)
	s := build.Sources{Content: root, Layouts: layouts.FS, Assets: assets.FS}
	if fi, err := os.Stat(filepath.Join(dir, "layouts")); err == nil && fi.IsDir() {
		own, _ := fs.Sub(root, "layouts")
		s.Layouts = build.Overlay(own, layouts.FS)
	}
	if fi, err := os.Stat(filepath.Join(dir, "assets")); err == nil && fi.IsDir() {
		own, _ := fs.Sub(root, "assets")
		s.Assets = build.Overlay(own, assets.FS)
	}
	return s
}
