package search_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestIndexGolden pins the tiny site's index: the JSON as written, and the
// records one per line to read in a diff (go test ./build/search -run
// IndexGolden -update rewrites it).
func TestIndexGolden(t *testing.T) {
	raw, _ := indexOf(t, buildTiny(t))
	var ix struct {
		V int      `json:"v"`
		U []string `json:"u"`
		R [][]any  `json:"r"`
	}
	if err := json.Unmarshal([]byte(raw), &ix); err != nil {
		t.Fatal(err)
	}
	var lines bytes.Buffer
	for _, r := range ix.R {
		u := ix.U[int(r[1].(float64))]
		if a := r[2].(string); a != "" {
			u += "#" + a
		}
		lock := ""
		if r[6].(float64) == 1 {
			lock = " [locked]"
		}
		fmt.Fprintf(&lines, "%s %s%s\n  title: %s\n  context: %s\n  text: %s\n", r[0], u, lock, r[3], r[4], r[5])
	}
	got := txtar.Format(&txtar.Archive{
		Comment: []byte("The search index of the tiny test site (go test ./build/search -run IndexGolden -update rewrites this).\n"),
		Files:   []txtar.File{{Name: "records", Data: lines.Bytes()}, {Name: "index.json", Data: []byte(raw + "\n")}},
	})
	const golden = "testdata/index.golden.txtar"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the index differs from %s (run with -update if the change is intended):\n--- want\n%s\n--- got\n%s", golden, want, got)
	}
}
