package render

import (
	"bytes"
	"encoding/xml"
	"time"

	"sitegen/build/site"
)

// Machine renders the files for crawlers from the public copy of the site:
// sitemap.xml, robots.txt and the Atom feed. Only public URLs appear; full
// views of premium modules never do.
func Machine(full *site.Site) []File {
	s := full.Public()
	base := s.Settings.BaseURL
	type url struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	var urls []url
	add := func(u string, t time.Time) {
		e := url{Loc: base + u}
		if !t.IsZero() {
			e.LastMod = t.Format(time.DateOnly)
		}
		urls = append(urls, e)
	}
	add("/", s.Updated)
	for _, p := range s.Parts {
		add(p.URL, time.Time{})
	}
	for _, m := range s.Modules {
		add(m.URL, m.Src.Updated)
	}
	add(site.TopicsURL, time.Time{})
	for _, t := range s.Topics {
		add(t.URL, time.Time{})
	}
	for _, p := range s.Pages {
		add(p.URL, p.Src.Updated)
	}
	add(site.QuestionsURL, time.Time{})
	add(site.ScenariosURL, time.Time{})

	var sm bytes.Buffer
	sm.WriteString(xml.Header)
	enc := xml.NewEncoder(&sm)
	enc.Encode(struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: urls})
	sm.WriteByte('\n')

	robots := "User-agent: *\nDisallow: /premium/\n\nSitemap: " + base + "/sitemap.xml\n"
	return []File{
		{Path: "robots.txt", Data: []byte(robots)},
		{Path: "sitemap.xml", Data: sm.Bytes()},
		Feed(s),
	}
}
