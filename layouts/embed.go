// Package layouts holds the default templates. They are embedded so that a
// site with only a content/ folder builds; a site's own layouts/ wins.
package layouts

import "embed"

// FS holds the *.html templates.
//
//go:embed *.html
var FS embed.FS
