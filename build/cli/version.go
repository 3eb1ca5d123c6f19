package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion prints sitegen's version and its direct dependencies', from
// the build information Go records in the binary.
func runVersion(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", args[0]), "sitegen version"}
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintf(stdout, "sitegen (unknown version) %s\n", runtime.Version())
		return nil
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(stdout, "sitegen %s %s\n", v, bi.GoVersion)
	for _, d := range bi.Deps {
		for _, want := range []string{"goldmark", "chroma", "minify", "fsnotify", "go-yaml"} {
			if strings.HasSuffix(d.Path, "/"+want) || strings.Contains(d.Path, "/"+want+"/") {
				fmt.Fprintf(stdout, "  %s %s\n", d.Path, d.Version)
			}
		}
	}
	return nil
}
