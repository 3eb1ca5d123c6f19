package cli

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sitegen": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scripts in testdata/script, each with its own tiny site.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"snapshot": snapshot,
		},
	})
}

// snapshot NAME DIR records every file of DIR (path, size, bytes) in the
// environment variable NAME's file; "snapshot -cmp NAME DIR" compares.
func snapshot(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: snapshot [-cmp] NAME DIR")
	}
	cmp := args[0] == "-cmp"
	if cmp {
		args = args[1:]
	}
	got := treeDigest(ts, ts.MkAbs(args[1]))
	file := ts.MkAbs(args[0] + ".snapshot")
	if !cmp {
		ts.Check(os.WriteFile(file, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(file)
	ts.Check(err)
	if (string(want) == got) == neg {
		ts.Fatalf("tree %s changed=%v, want changed=%v\nbefore:\n%s\nafter:\n%s", args[1], string(want) != got, neg, want, got)
	}
}
