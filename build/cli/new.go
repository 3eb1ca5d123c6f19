package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"sitegen/build/load"
	"sitegen/build/markdown"
)

const newLine = `sitegen new module "Title" --part N [--src DIR]`

// runNew scaffolds the next module of part N, as a draft with valid front matter.
func runNew(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("new", flag.ContinueOnError)
	part := fl.Int("part", 0, "the part (its folder's number)")
	src := fl.String("src", ".", "the site folder")
	pos, err := parseFlags(fl, args, newLine)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "module" {
		return usageError{"expected: new module \"Title\"", newLine}
	}
	title := strings.TrimSpace(pos[1])
	if title == "" {
		return usageError{"the title is empty", newLine}
	}
	if *part <= 0 {
		return usageError{"--part N is required (the number of the part folder, e.g. 2 for modules/02-pipelines)", newLine}
	}
	content, diags := load.Load(os.DirFS(*src), load.Options{Drafts: true})
	if diags.Errors() > 0 {
		fmt.Fprint(stderr, diags.String())
		return errors.New("fix the errors above before adding a module")
	}
	var target *load.Part
	var parts []string
	for _, p := range content.Parts {
		parts = append(parts, strconv.Itoa(p.Order)+" ("+p.Dir+")")
		if p.Order == *part {
			target = p
		}
	}
	if target == nil {
		return fmt.Errorf("there is no part %d; parts are: %s", *part, strings.Join(parts, ", "))
	}
	// The next number follows the last module of this part or an earlier one.
	next := 1
	for _, m := range content.Modules {
		if m.Part != nil && m.Part.Order <= *part {
			next = max(next, m.Number+1)
		}
	}
	for _, m := range content.Modules {
		if m.Number == next {
			return fmt.Errorf("part %d is not the last part: the new module would be number %d, which %s already has (add it to the last part, or renumber the modules after it)", *part, next, m.File.Name)
		}
	}
	width := max(2, len(strconv.Itoa(len(content.Modules)+1)))
	slug := markdown.Slug(title)
	slug = strings.Trim(strings.Join(strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' }), "-"), "-")
	if slug == "" {
		return usageError{"the title has no letters or digits to make a file name from", newLine}
	}
	name := fmt.Sprintf("%0*d-%s.md", width, next, slug)
	file := filepath.Join(*src, "content", "modules", target.Dir, name)
	body := fmt.Sprintf(`---
title: %s
module: %d
description: %s
draft: true
---

Open with the problem this module solves, in two or three sentences.

## The idea

## Check yourself
`, strconv.Quote(title), next, strconv.Quote("One sentence: what the reader can do after this module."))
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s (module %d, draft: build it with --drafts, remove draft: true to publish)\n", filepath.ToSlash(file), next)
	return nil
}
