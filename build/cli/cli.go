// Package cli is sitegen's command line: sub-commands, flags, messages and
// exit codes. It calls the build and prints what came of it; main.go only
// calls Main. Nothing here exits the process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sitegen/build/diag"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // the content has errors, or writing failed
	exitUsage = 2 // the command line is wrong
)

const usage = `sitegen builds a course site from Markdown.

Usage:
  sitegen build [--src DIR] [--out DIR] [--base-url URL] [--drafts] [--strict]
  sitegen check [--src DIR] [--drafts] [--strict]
  sitegen serve [--port 1313] [--bind 127.0.0.1] [--as free|premium] [--drafts] [--poll DURATION] [--open]
  sitegen new module "Title" --part N [--src DIR]
  sitegen smoke --base URL [--dir public]
  sitegen version
  sitegen help

build   builds DIR/content (default: the current folder) into --out (default DIR/public),
        replacing it only when the whole build succeeded
check   runs every validation of a build and writes nothing
serve   builds in memory, serves on 127.0.0.1 and reloads browsers on every change
new     scaffolds the next-numbered module, as a draft, in part N's folder
smoke   checks a deployed site: pages and headers, and that premium views stay gated
version prints sitegen's version and its dependencies'
`

// Main runs sitegen with args (without the program name) and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "build":
		err = runBuild(rest, stderr, true)
	case "check":
		err = runBuild(rest, stderr, false)
	case "new":
		err = runNew(rest, stdout, stderr)
	case "serve":
		err = runServe(rest, stdout, stderr)
	case "smoke":
		err = runSmoke(rest, stdout, stderr)
	case "version", "--version", "-version":
		err = runVersion(rest, stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "sitegen: unknown command %q%s\nusage: sitegen build|check|serve|new|smoke|version|help (run 'sitegen help' for details)\n", cmd, suggest(cmd))
		return exitUsage
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "sitegen %s: %s\nusage: %s\n", cmd, ue.msg, ue.line)
		return exitUsage
	case errors.Is(err, errReported):
		return exitFail
	default:
		fmt.Fprintf(stderr, "sitegen %s: %v\n", cmd, err)
		return exitFail
	}
}

func suggest(cmd string) string {
	return diag.Hint(cmd, []string{"build", "check", "serve", "new", "smoke", "version", "help"})
}

// usageError is a wrong command line: it prints with the command's usage line.
type usageError struct{ msg, line string }

func (e usageError) Error() string { return e.msg }

// errReported means the problems were already printed.
var errReported = errors.New("reported")

// parseFlags parses flags and positional arguments in any order, as users
// type them (`new module "T" --part 2`).
func parseFlags(fs *flag.FlagSet, args []string, line string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageError{"help requested", line}
			}
			return nil, usageError{err.Error(), line}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
