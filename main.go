// Command sitegen builds a course site from Markdown; see build/cli.
package main

import (
	"os"

	"sitegen/build/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
