package load

import (
	"strings"
	"testing"
	"testing/fstest"
)

func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"content/_index.md":                     {Data: []byte("---\ntitle: T\n---\n")},
		"content/modules/01-basics/_index.md":   {Data: []byte("---\ntitle: Basics\n---\n")},
		"content/modules/02-advanced/_index.md": {Data: []byte("---\ntitle: Advanced\naccess: premium\n---\n")},
		"content/topics/s3.md":                  {Data: []byte("---\ntitle: S3\n---\n")},
	}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

func TestAccessDefaults(t *testing.T) {
	c, diags := Load(site(map[string]string{
		"content/modules/01-basics/01-a.md":   "---\ntitle: A\nmodule: 1\ndescription: d\n---\n",
		"content/modules/02-advanced/02-b.md": "---\ntitle: B\nmodule: 2\ndescription: d\n---\n",
		"content/modules/02-advanced/03-c.md": "---\ntitle: C\nmodule: 3\ndescription: d\naccess: free\n---\n",
	}), Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := []string{Free, Premium, Free}
	for i, m := range c.Modules {
		if m.Access != want[i] {
			t.Errorf("module %d access = %q, want %q", m.Number, m.Access, want[i])
		}
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"content/modules/01-basics/01-a.md": "---\ntitle: A\nmodule: 1\ndescription: d\n---\n",
		"content/modules/01-basics/02-b.md": "---\ntitle: B\nmodule: 2\ndescription: d\ndraft: true\n---\n",
		"content/pages/about.md":            "---\ntitle: About\ndraft: true\n---\n",
	}
	c, diags := Load(site(files), Options{})
	if len(diags) > 0 || len(c.Modules) != 1 || len(c.Pages) != 0 {
		t.Errorf("without drafts: %d modules, %d pages, %v", len(c.Modules), len(c.Pages), diags)
	}
	c, diags = Load(site(files), Options{Drafts: true})
	if len(diags) > 0 || len(c.Modules) != 2 || len(c.Pages) != 1 {
		t.Errorf("with drafts: %d modules, %d pages, %v", len(c.Modules), len(c.Pages), diags)
	}
}

func TestFieldErrors(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"date", "content/modules/01-basics/01-a.md", "---\ntitle: A\nmodule: 1\ndescription: d\nupdated: 24/11/2026\n---\n",
			`01-a.md:5:10: field "updated" must be a date written YYYY-MM-DD, got "24/11/2026"`},
		{"number type", "content/modules/01-basics/01-a.md", "---\ntitle: A\nmodule: \"1\"\ndescription: d\n---\n",
			`01-a.md:3:9: field "module" must be a whole number, got text`},
		{"draft type", "content/modules/01-basics/01-a.md", "---\ntitle: A\nmodule: 1\ndescription: d\ndraft: yes please\n---\n",
			`01-a.md:5:8: field "draft" must be true or false, got text`},
		{"empty title", "content/modules/01-basics/01-a.md", "---\ntitle: \"\"\nmodule: 1\ndescription: d\n---\n",
			`01-a.md:2:8: field "title" is empty`},
		{"twice", "content/modules/01-basics/01-a.md", "---\ntitle: A\nmodule: 1\ndescription: d\ntitle: B\n---\n",
			`01-a.md:5:1: `},
		{"no front matter", "content/modules/01-basics/01-a.md", "# Just a body\n",
			`01-a.md:1:1: missing front matter`},
		{"unclosed", "content/modules/01-basics/01-a.md", "---\ntitle: A\n",
			`01-a.md:1:1: front matter is not closed`},
		{"plan interval", "content/_index.md", "---\ntitle: T\nplans:\n  - id: m\n    name: Monthly\n    price: 10\n    interval: weekly\n---\n",
			`_index.md:7:15: plans[0].interval must be "month" or "year", got "weekly"`},
		{"plan field", "content/_index.md", "---\ntitle: T\nplans:\n  - id: m\n    name: Monthly\n    prize: 10\n    interval: month\n---\n",
			`_index.md:6:5: unknown field "plans[0].prize" — did you mean "price"?`},
		{"stray file", "content/notes.md", "hello", `content/notes.md: file is outside the content layout`},
		{"part without number", "content/modules/basics/_index.md", "---\ntitle: B\n---\n", `must start with its number`},
		{"topic id", "content/topics/Big_Data.md", "---\ntitle: B\n---\n", `must be a lowercase id`},
		{"layout", "content/pages/p.md", "---\ntitle: P\nlayout: pricng\n---\n", `unknown layout "pricng" (use one of: page, pricing, account, contact) — did you mean "pricing"?`},
	}
	for _, tt := range tests {
		files := map[string]string{tt.file: tt.src}
		if !strings.HasPrefix(tt.file, "content/modules/01-basics/01-") {
			files["content/modules/01-basics/01-a.md"] = "---\ntitle: A\nmodule: 1\ndescription: d\n---\n"
		}
		_, diags := Load(site(files), Options{})
		if !strings.Contains(diags.String(), tt.want) {
			t.Errorf("%s: diagnostics\n%s\ndo not contain %q", tt.name, diags, tt.want)
		}
	}
}

func TestNumbersAcrossParts(t *testing.T) {
	_, diags := Load(site(map[string]string{
		"content/modules/01-basics/01-a.md":   "---\ntitle: A\nmodule: 2\ndescription: d\n---\n",
		"content/modules/02-advanced/02-b.md": "---\ntitle: B\nmodule: 1\ndescription: d\n---\n",
	}), Options{})
	if !strings.Contains(diags.String(), "module 2 is in part 01-basics but module 1 before it is in the later part 02-advanced") {
		t.Errorf("diagnostics:\n%s", diags)
	}
}

func FuzzFrontMatter(f *testing.F) {
	f.Add("---\ntitle: A\nmodule: 1\ndescription: d\ntopics: [s3]\n---\nbody")
	f.Add("---\ntitle: [\n---\n")
	f.Add("---\n- a\n- b\n---\n")
	f.Add("---\ntitle: &a x\nmodule: *a\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		Load(site(map[string]string{"content/modules/01-basics/01-a.md": src}), Options{})
	})
}
