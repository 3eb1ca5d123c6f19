package markdown

// Href returns link i's destination as it stands: as written, or as the
// site set it. Rendering depends on it, so caches key on it.
func (d *Doc) Href(i int) string {
	if n := d.Links[i].node; n != nil {
		return string(n.Destination)
	}
	return d.Links[i].Dest
}
