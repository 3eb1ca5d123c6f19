package render

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"slices"
	"time"

	"sitegen/build/site"
)

// Feed renders the Atom feed of the 50 most recently updated modules, from
// the public copy of the site: titles and descriptions only.
func Feed(pub *site.Site) File {
	base := pub.Settings.BaseURL
	mods := slices.Clone(pub.Modules)
	slices.SortStableFunc(mods, func(a, b *site.Module) int {
		return cmp.Or(b.Src.Updated.Compare(a.Src.Updated), cmp.Compare(b.Src.Number, a.Src.Number))
	})
	mods = mods[:min(50, len(mods))]
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Link    link   `xml:"link"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			t = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // a fixed date keeps builds reproducible
		}
		return t.UTC().Format(time.RFC3339)
	}
	feed := struct {
		XMLName xml.Name `xml:"feed"`
		NS      string   `xml:"xmlns,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Links   []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Author  string   `xml:"author>name"`
		Entries []entry  `xml:"entry"`
	}{
		NS: "http://www.w3.org/2005/Atom", Title: pub.Settings.Title, ID: base + "/",
		Links:   []link{{Href: base + "/feed.xml", Rel: "self"}, {Href: base + "/"}},
		Updated: stamp(pub.Updated), Author: cmpOr(pub.Settings.Author, pub.Settings.Title),
	}
	for _, m := range mods {
		feed.Entries = append(feed.Entries, entry{
			Title: m.Src.Title, ID: base + m.URL, Link: link{Href: base + m.URL},
			Updated: stamp(m.Src.Updated), Summary: m.Src.Description,
		})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	xml.NewEncoder(&b).Encode(feed)
	return File{Path: "feed.xml", Data: b.Bytes()}
}
