package site

import (
	"sitegen/build/load"
	"sitegen/build/markdown"
)

// Public returns the site as a visitor without the premium role may see
// it: the same graph, copied, in which every premium module holds only its
// teaser (no source, no body past <!--more-->), and premium questions and
// scenarios hold no answers. Every pointer of the copy leads into the copy,
// so no path through it reaches a premium body: public pages are rendered
// from this value, which is what makes the gate structural.
func (s *Site) Public() *Site {
	p := &Site{Settings: s.Settings, Home: s.Home, Pages: s.Pages, Updated: s.Updated}
	mods := map[*Module]*Module{}
	parts := map[*Part]*Part{}
	topics := map[*Topic]*Topic{}
	questions := map[*Question]*Question{}
	scenarios := map[*Scenario]*Scenario{}

	for _, pt := range s.Parts {
		c := *pt
		parts[pt] = &c
		p.Parts = append(p.Parts, &c)
	}
	for _, t := range s.Topics {
		c := *t
		topics[t] = &c
		p.Topics = append(p.Topics, &c)
	}
	for _, m := range s.Modules {
		c := *m
		if m.Premium() {
			c.Src = publicModuleSrc(m.Src)
			c.Doc = publicDoc(m.Doc)
			teaser := m.HTML.Teaser()
			c.HTML = markdown.Rendered{HTML: teaser, TeaserEnd: len(teaser)}
		}
		mods[m] = &c
		p.Modules = append(p.Modules, &c)
	}
	for _, q := range s.Questions {
		c := *q
		if q.Premium {
			c.Answer = nil
		}
		questions[q] = &c
		p.Questions = append(p.Questions, &c)
	}
	for _, sc := range s.Scenarios {
		c := *sc
		if sc.Premium {
			c.Answer = nil
		}
		scenarios[sc] = &c
		p.Scenarios = append(p.Scenarios, &c)
	}

	for _, pt := range p.Parts {
		pt.Modules = remap(pt.Modules, mods)
	}
	for _, t := range p.Topics {
		t.Modules = remap(t.Modules, mods)
		t.Questions = remap(t.Questions, questions)
		t.Scenarios = remap(t.Scenarios, scenarios)
	}
	for _, m := range p.Modules {
		m.Part = parts[m.Part]
		m.Prev, m.Next = mods[m.Prev], mods[m.Next]
		m.Topics = remap(m.Topics, topics)
		m.BuildsOn = remap(m.BuildsOn, mods)
		m.LeadsTo = remap(m.LeadsTo, mods)
		m.Related = remap(m.Related, mods)
		m.Questions = remap(m.Questions, questions)
		m.Scenarios = remap(m.Scenarios, scenarios)
	}
	for _, q := range p.Questions {
		q.Module = mods[q.Module]
		q.Topics = remap(q.Topics, topics)
	}
	for _, sc := range p.Scenarios {
		sc.Module = mods[sc.Module]
		sc.Topics = remap(sc.Topics, topics)
	}
	return p
}

func remap[T any](list []*T, m map[*T]*T) []*T {
	if list == nil {
		return nil
	}
	out := make([]*T, len(list))
	for i, x := range list {
		out[i] = m[x]
	}
	return out
}

// publicModuleSrc keeps a premium module's front matter and drops its source.
func publicModuleSrc(m *load.Module) *load.Module {
	c := *m
	c.Doc = load.Doc{}
	return &c
}

// publicDoc keeps what the locked panel shows: headings and counts.
func publicDoc(d *markdown.Doc) *markdown.Doc {
	return &markdown.Doc{Headings: d.Headings, Words: d.Words, HasMore: d.HasMore, MoreOff: d.MoreOff}
}
