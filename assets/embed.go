// Package assets holds the default stylesheets and scripts. They are
// embedded so that a site with only a content/ folder builds; a site's own
// assets/ wins.
package assets

import "embed"

// FS holds css/ and js/.
//
//go:embed css js
var FS embed.FS
