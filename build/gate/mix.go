package gate

import (
	"sitegen/build/diag"
	"sitegen/build/site"
)

// Mix is the share of the course that is free.
type Mix struct {
	ModulePercent int // free modules, of all modules
	WordPercent   int // words of free modules, of all words
}

// ContentMix measures the free share and warns where the mix needs an
// author's eye: a premium module whose teaser is empty (its public page
// would say nothing), or a free share outside the site's bounds.
func ContentMix(s *site.Site) (Mix, diag.List) {
	var diags diag.List
	free, words, freeWords := 0, 0, 0
	for _, m := range s.Modules {
		words += m.Doc.Words
		if !m.Premium() {
			free++
			freeWords += m.Doc.Words
			continue
		}
		if m.Doc.HasMore && len(m.Doc.TextBlocks(0)) > 0 && m.Doc.TextBlocks(0)[0].Offset > m.Doc.MoreOff {
			diags.Warn(m.Src.BodyPos(m.Doc.MoreOff), "the teaser of this premium module is empty: write a paragraph or two above <!--more--> that says what the module offers")
		}
	}
	mix := Mix{ModulePercent: 100, WordPercent: 100}
	if len(s.Modules) > 0 {
		mix.ModulePercent = free * 100 / len(s.Modules)
	}
	if words > 0 {
		mix.WordPercent = freeWords * 100 / words
	}
	st := s.Settings
	if len(s.Modules) > 0 && ((st.FreeShareMin > 0 && mix.ModulePercent < st.FreeShareMin) || (st.FreeShareMax > 0 && mix.ModulePercent > st.FreeShareMax)) {
		home := diag.Pos{File: "content/_index.md", Line: 1, Col: 1}
		diags.Warn(home, "%d%% of modules are free, outside the bounds free_share_min %d and free_share_max %d (change a module's access, or the bounds)", mix.ModulePercent, st.FreeShareMin, st.FreeShareMax)
	}
	return mix, diags
}
