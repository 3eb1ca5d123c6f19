package render

import (
	"encoding/json"
	stdhtml "html"
	"html/template"
	"strings"
)

// JSONLD is the page's structured data: Course on the home page,
// LearningResource on modules (with Google's paywall markup on premium
// ones), FAQPage for a free module's questions. It is built from the
// view's own values, so a public page can only describe public data.
func (v *View) JSONLD() template.JS {
	var graph []any
	provider := map[string]any{"@type": "Organization", "name": cmpOr(v.S.Author, v.S.Title), "url": v.S.BaseURL + "/"}
	switch v.Kind {
	case "home":
		graph = append(graph, map[string]any{
			"@context": "https://schema.org", "@type": "Course",
			"name": v.S.Title, "description": v.S.Description, "url": v.Abs("/"),
			"provider": provider, "inLanguage": v.S.Language,
			"hasCourseInstance":   map[string]any{"@type": "CourseInstance", "courseMode": "online", "courseWorkload": "PT" + itoa(v.totalMinutes()) + "M"},
			"isAccessibleForFree": v.FreeShare() == 100,
			"offers":              v.offers(),
		})
	case "module":
		m := v.Module.M
		lr := map[string]any{
			"@context": "https://schema.org", "@type": "LearningResource",
			"name": m.Src.Title, "description": m.Src.Description, "url": v.Abs(m.URL),
			"position": m.Src.Number, "timeRequired": "PT" + itoa(m.Minutes) + "M",
			"isPartOf": map[string]any{"@type": "Course", "name": v.S.Title, "url": v.Abs("/")},
			"provider": provider, "inLanguage": v.S.Language,
			"isAccessibleForFree": !m.Premium(),
		}
		if !m.Src.Updated.IsZero() {
			lr["dateModified"] = m.Src.Updated.Format("2006-01-02")
		}
		var about []string
		for _, t := range m.Topics {
			about = append(about, t.Src.Title)
		}
		if len(about) > 0 {
			lr["keywords"] = strings.Join(about, ", ")
		}
		if m.Premium() {
			selector := ".locked"
			if v.Module.Full {
				selector = ".premium-body"
			}
			lr["hasPart"] = map[string]any{"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": selector}
		}
		graph = append(graph, lr)
		if !m.Premium() && len(m.Questions) > 0 {
			var qs []any
			for _, q := range m.Questions {
				qs = append(qs, map[string]any{
					"@type": "Question", "name": q.Text,
					"acceptedAnswer": map[string]any{"@type": "Answer", "text": plainAnswer(q.Answer)},
				})
			}
			graph = append(graph, map[string]any{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": qs})
		}
	default:
		return ""
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if len(graph) == 1 {
		enc.Encode(graph[0])
	} else {
		enc.Encode(graph)
	}
	return template.JS(strings.TrimSpace(b.String()))
}

func (v *View) totalMinutes() int {
	n := 0
	for _, m := range v.Site.Modules {
		n += m.Minutes
	}
	return n
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// offers describes the plans of the site settings as schema.org Offers.
func (v *View) offers() []any {
	out := []any{map[string]any{"@type": "Offer", "name": "Free modules", "category": "Free", "price": 0, "priceCurrency": "USD", "url": v.Abs("/")}}
	for _, p := range v.S.Plans {
		out = append(out, map[string]any{
			"@type": "Offer", "name": p.Name, "category": "Subscription",
			"price": p.Price, "priceCurrency": p.Currency, "url": v.Abs("/pricing/#plan-" + p.ID),
		})
	}
	return out
}

// plainAnswer is an answer as plain text, cut at a sentence near 500
// characters: enough for a rich result, without doubling the page.
func plainAnswer(html []byte) string {
	var b strings.Builder
	in := false
	for _, r := range string(html) {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	text := strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " ")
	if len(text) <= 500 {
		return text
	}
	if i := strings.LastIndex(text[:500], ". "); i > 200 {
		return text[:i+1]
	}
	return text[:500] + "…"
}
