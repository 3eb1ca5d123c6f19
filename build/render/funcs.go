package render

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"fmt"
	"html/template"
	"math"
	"sitegen/build/site"
	"strings"
	"time"
)

func funcMap(assets map[string]Asset) template.FuncMap {
	lookup := func(name string) (Asset, error) {
		a, ok := assets[name]
		if !ok {
			return Asset{}, fmt.Errorf("no asset %q (assets are files under assets/)", name)
		}
		return a, nil
	}
	return template.FuncMap{
		"asset": func(name string) (string, error) {
			a, err := lookup(name)
			return a.URL, err
		},
		"integrity": func(name string) (string, error) {
			a, err := lookup(name)
			return a.Integrity, err
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2 January 2006")
		},
		"isodate": func(t time.Time) string { return t.Format(time.DateOnly) },
		"lower":   strings.ToLower,
		"price": func(p float64) string {
			if p == math.Trunc(p) {
				return fmt.Sprintf("%.0f", p)
			}
			return fmt.Sprintf("%.2f", p)
		},
		"currency": func(code string) string {
			switch code {
			case "USD", "":
				return "$"
			case "EUR":
				return "€"
			case "GBP":
				return "£"
			}
			return code + " "
		},
	}
}

// Abs makes a site URL absolute with the base URL.
func (v *View) Abs(u string) string { return v.S.BaseURL + u }

// FullTitle is the document title: the page's, then the site's.
func (v *View) FullTitle() string {
	if v.Title == "" {
		return v.S.Title
	}
	return v.Title + " · " + v.S.Title
}

// FreeShare is the percentage of modules that are free, rounded down.
func (v *View) FreeShare() int {
	if len(v.Site.Modules) == 0 {
		return 100
	}
	free := 0
	for _, m := range v.Site.Modules {
		if !m.Premium() {
			free++
		}
	}
	return free * 100 / len(v.Site.Modules)
}

// TopicGroup is the topics under one initial letter.
type TopicGroup struct {
	Letter string
	Topics []*site.Topic
}

// TopicGroups groups topics A to Z by the first letter of their title.
func (v *View) TopicGroups() []TopicGroup {
	ts := slices.Clone(v.Site.Topics)
	slices.SortFunc(ts, func(a, b *site.Topic) int {
		return strings.Compare(strings.ToLower(a.Src.Title), strings.ToLower(b.Src.Title))
	})
	var out []TopicGroup
	for _, t := range ts {
		r, _ := utf8.DecodeRuneInString(t.Src.Title)
		letter := strings.ToUpper(string(r))
		if !unicode.IsLetter(r) {
			letter = "#"
		}
		if len(out) == 0 || out[len(out)-1].Letter != letter {
			out = append(out, TopicGroup{Letter: letter})
		}
		out[len(out)-1].Topics = append(out[len(out)-1].Topics, t)
	}
	return out
}

// PartQuestions are the bank's questions of one part.
type PartQuestions struct {
	Part      *site.Part
	Questions []*QuestionView
}

// QuestionsByPart groups the bank's module questions by part, in course order.
func (v *View) QuestionsByPart() []PartQuestions {
	var out []PartQuestions
	for _, q := range v.Questions {
		m := q.Q.Module
		if m == nil || m.Part == nil {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Part != m.Part {
			out = append(out, PartQuestions{Part: m.Part})
		}
		out[len(out)-1].Questions = append(out[len(out)-1].Questions, q)
	}
	return out
}

// BankTopics are the topics that have questions in the bank, A to Z.
func (v *View) BankTopics() []*site.Topic {
	seen := map[*site.Topic]bool{}
	var out []*site.Topic
	for _, q := range v.Questions {
		for _, t := range q.Topics {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	slices.SortFunc(out, func(a, b *site.Topic) int {
		return strings.Compare(strings.ToLower(a.Src.Title), strings.ToLower(b.Src.Title))
	})
	return out
}

// QuestionsOf lists the bank's questions on topic t.
func (v *View) QuestionsOf(t *site.Topic) []*QuestionView {
	var out []*QuestionView
	for _, q := range v.Questions {
		if slices.Contains(q.Topics, t) {
			out = append(out, q)
		}
	}
	return out
}

// EditURL links a module to its source in the site's repository, when the
// settings name one (a GitHub-style /edit/main/ path).
func (v *View) EditURL() string {
	if v.S.Repository == "" || v.Module == nil || v.Module.M.Src.File == nil {
		return ""
	}
	return strings.TrimSuffix(v.S.Repository, "/") + "/edit/main/" + v.Module.M.Src.File.Name
}

// HasPage reports whether the site has the page content/pages/<slug>.md.
func (v *View) HasPage(slug string) bool {
	for _, p := range v.Site.Pages {
		if p.Src.Slug == slug {
			return true
		}
	}
	return false
}
