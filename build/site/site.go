// Package site builds the course graph from loaded content and parsed
// Markdown: URLs, parts and their modules, prev/next, topics with what
// mentions them, questions and scenarios, and every link resolved and
// checked. It renders Markdown once links are known. It reads no files and
// writes none; templates and output belong to later stages.
package site

import (
	"time"

	"sitegen/build/load"
	"sitegen/build/markdown"
)

// Site is the whole course as data for the render stage.
type Site struct {
	Settings  load.Settings
	Home      *Home
	Parts     []*Part
	Modules   []*Module
	Topics    []*Topic
	Pages     []*Page
	Questions []*Question // in module order, then page order
	Scenarios []*Scenario
	Updated   time.Time // the newest updated date in the course (zero if none)
}

// Home is the home page.
type Home struct {
	Src  *load.Home
	Doc  *markdown.Doc
	HTML markdown.Rendered
}

// Part groups consecutive modules.
type Part struct {
	Src     *load.Part
	URL     string
	Modules []*Module
	Doc     *markdown.Doc
	HTML    markdown.Rendered
}

// Module is one numbered lesson.
type Module struct {
	Src       *load.Module
	URL       string // its public URL
	FullURL   string // premium modules: where the full view is written
	Part      *Part
	Prev      *Module
	Next      *Module
	Topics    []*Topic
	BuildsOn  []*Module // earlier modules it is linked with, either way
	LeadsTo   []*Module // later modules it is linked with, either way
	Related   []*Module // by shared topics, weighted by how rare each topic is
	Questions []*Question
	Scenarios []*Scenario
	Doc       *markdown.Doc
	HTML      markdown.Rendered
	Minutes   int // reading time
}

// Premium reports whether the module is gated.
func (m *Module) Premium() bool { return m.Src.Premium() }

// Topic is a topic page and what points at it.
type Topic struct {
	Src       *load.Topic
	URL       string
	Modules   []*Module
	Questions []*Question
	Scenarios []*Scenario
	Doc       *markdown.Doc
	HTML      markdown.Rendered
}

// Page is a standalone page (about, pricing, …).
type Page struct {
	Src  *load.Page
	URL  string
	Doc  *markdown.Doc
	HTML markdown.Rendered
}

// Question is a question block, wherever it stands.
type Question struct {
	ID      string
	Text    string
	Module  *Module // nil for a question on a page that is not a module
	Topics  []*Topic
	Ask     []byte // HTML
	Answer  []byte // HTML; empty in public views of premium modules
	Premium bool
	URL     string // its anchor on the public page
}

// Scenario is a scenario block.
type Scenario struct {
	ID      string
	Title   string
	Prompt  string
	Module  *Module
	Topics  []*Topic
	Ask     []byte
	Answer  []byte
	Premium bool
	URL     string
}

// Well-known URLs.
const (
	QuestionsURL     = "/questions/"
	FullQuestionsURL = "/premium/questions/" // the bank with premium answers, for members
	ScenariosURL     = "/scenarios/"
	TopicsURL        = "/topics/"
	PricingURL       = "/pricing/"
)
