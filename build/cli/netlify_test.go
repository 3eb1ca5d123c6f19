package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestNetlifyTOML checks that netlify.toml holds build settings only: the
// build command, the publish folder, the Go version of go.mod, and no rules
// or headers (the build writes those, so there is one source of rules).
func TestNetlifyTOML(t *testing.T) {
	var cfg map[string]any
	if _, err := toml.DecodeFile("../../netlify.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	b, _ := cfg["build"].(map[string]any)
	if b["command"] != "go run . build" || b["publish"] != "public" {
		t.Errorf("[build] = %v", b)
	}
	for _, k := range []string{"redirects", "headers"} {
		if _, ok := cfg[k]; ok {
			t.Errorf("netlify.toml has [[%s]]: rules belong to the build's _redirects/_headers", k)
		}
	}
	env, _ := b["environment"].(map[string]any)
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var goVersion string
	for _, line := range strings.Split(string(mod), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			goVersion = strings.TrimSpace(v)
		}
	}
	if env["GO_VERSION"] != goVersion {
		t.Errorf("GO_VERSION = %v, want go.mod's %q", env["GO_VERSION"], goVersion)
	}
	for ctx, v := range cfg["context"].(map[string]any) {
		if m, ok := v.(map[string]any); ok && (m["redirects"] != nil || m["headers"] != nil) {
			t.Errorf("context %s has rules", ctx)
		}
	}
}
