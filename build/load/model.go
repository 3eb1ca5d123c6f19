// Package load reads the content tree: it walks an fs.FS, splits front
// matter from bodies, decodes front matter into typed values with positions,
// and validates what can be validated without Markdown (fields, module
// numbering, topic ids, access). It is the only stage that reads files.
package load

import (
	"time"

	"sitegen/build/diag"
)

// Access values.
const (
	Free    = "free"
	Premium = "premium"
)

// Doc is what every content file has: its source, and where its body starts.
type Doc struct {
	File    *diag.File // path relative to the source root, e.g. content/topics/s3.md
	BodyOff int        // byte offset of the Markdown body inside File.Src
}

// Body returns the Markdown body.
func (d Doc) Body() []byte { return d.File.Src[d.BodyOff:] }

// BodyPos converts an offset into the body to a file position.
func (d Doc) BodyPos(off int) diag.Pos { return d.File.Pos(d.BodyOff + off) }

// Settings are the site-wide settings, read from the home page's front matter.
type Settings struct {
	Title       string
	Tagline     string
	Description string
	BaseURL     string
	Language    string
	Author      string
	PremiumRole string
	Repository  string // where "edit this page" links point, if set
	Plans       []Plan
	// FreeShareMin and FreeShareMax bound the share of free modules, in
	// percent; a build outside them warns. Zero means unbounded.
	FreeShareMin, FreeShareMax int
	freeSharePos               diag.Pos
}

// Plan is one subscription plan shown on the pricing page.
type Plan struct {
	ID       string
	Name     string
	Price    float64
	Currency string
	Interval string // month | year
	Checkout string // hosted checkout URL
	Features []string
}

// Home is content/_index.md.
type Home struct {
	Doc
	Settings Settings
}

// Part is content/modules/NN-slug/_index.md.
type Part struct {
	Doc
	Dir         string // folder name, e.g. 01-foundations
	Slug        string // folder name without its number: foundations
	Order       int    // the folder's number prefix
	Title       string
	Description string
	Access      string // default access of its modules; "" means free
}

// Module is content/modules/NN-part/NN-slug.md.
type Module struct {
	Doc
	Part        *Part
	Slug        string // file name without .md: 23-kinesis-data-streams
	Number      int
	Title       string
	Description string
	Access      string // resolved: the module's, else the part's, else free
	Topics      []string
	TopicPos    []diag.Pos
	Draft       bool
	Updated     time.Time
	NumberPos   diag.Pos
}

// Premium reports whether the module is gated.
func (m *Module) Premium() bool { return m.Access == Premium }

// Topic is content/topics/<id>.md.
type Topic struct {
	Doc
	ID          string
	Title       string
	Description string
	Aliases     []string
	Docs        string
}

// Page is content/pages/<slug>.md.
type Page struct {
	Doc
	Slug        string
	Title       string
	Description string
	Layout      string // "" (page) or a named layout, e.g. pricing
	Draft       bool
	Updated     time.Time
}

// Content is everything under content/, validated and in a fixed order:
// parts by folder, modules by number, topics and pages by name.
type Content struct {
	Home    *Home
	Parts   []*Part
	Modules []*Module
	Topics  []*Topic
	Pages   []*Page
}

// Layouts the page front matter may name.
var pageLayouts = []string{"page", "pricing", "account", "contact"}
