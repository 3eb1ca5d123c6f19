package gate

import (
	"strings"

	"sitegen/build/diag"
	"sitegen/build/markdown"
	"sitegen/build/output"
	"sitegen/build/site"
)

// AuditSite checks that no text block of a premium body past its teaser
// appears in any public file (everything outside premium/). Each hit is an
// error at the block's position naming the file it leaked into.
func AuditSite(s *site.Site, files []output.File) diag.List {
	var secrets []Secret
	var public []string
	for _, m := range s.Modules {
		public = append(public, m.Src.Title, m.Src.Description)
		for _, h := range m.Doc.Headings {
			public = append(public, h.Text)
		}
		for _, q := range m.Doc.Questions {
			public = append(public, q.Text)
		}
		for _, sc := range m.Doc.Scenarios {
			public = append(public, sc.Title, sc.Prompt)
		}
		if !m.Premium() {
			for _, b := range m.Doc.TextBlocks(0) {
				public = append(public, b.Text)
			}
			continue
		}
		for _, b := range m.Doc.TextBlocks(0) {
			if b.Offset < m.Doc.MoreOff {
				public = append(public, b.Text)
				continue
			}
			secrets = append(secrets, Secret{Pos: m.Src.BodyPos(b.Offset), Text: b.Text})
		}
	}
	if len(secrets) == 0 {
		return nil
	}
	for _, t := range s.Topics {
		public = append(public, blocks(t.Doc)...)
	}
	for _, p := range s.Pages {
		public = append(public, blocks(p.Doc)...)
	}
	for _, p := range s.Parts {
		public = append(public, blocks(p.Doc)...)
	}
	if s.Home != nil {
		public = append(public, blocks(s.Home.Doc)...)
	}
	var artifacts []Artifact
	for _, f := range files {
		if strings.HasPrefix(f.Path, "premium/") {
			continue
		}
		artifacts = append(artifacts, Artifact{Path: f.Path, Data: f.Data})
	}
	var diags diag.List
	for _, l := range NewAuditor(secrets, public).Audit(artifacts) {
		diags.Add(l.Secret.Pos, "premium text leaks into the public file %s: %q (premium text past <!--more--> may appear only under /premium/; check the layout or the file that prints it)", l.Artifact, excerpt(l.Secret.Text))
	}
	return diags
}

func blocks(d *markdown.Doc) []string {
	var out []string
	for _, b := range d.TextBlocks(0) {
		out = append(out, b.Text)
	}
	return out
}

// excerpt shortens a block for a message.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
