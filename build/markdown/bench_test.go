package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// module is a ~12 KB module using every construct.
func module(constructs bool) []byte {
	var b strings.Builder
	b.WriteString("Amazon S3 holds the lake; KDS feeds it. This opening paragraph sets the scene for a data engineer who needs to reason about throughput, partitioning and cost.\n\n")
	if constructs {
		b.WriteString("<!--more-->\n\n")
	}
	for i := 0; i < 6; i++ {
		b.WriteString("## Section about shards and partitions\n\n")
		b.WriteString("Each shard takes a megabyte per second of writes and serves two megabytes per second of reads, and a hot partition key concentrates traffic on a single shard, so consumers fall behind and the iterator age climbs. Use **random suffixes** on keys and watch `IteratorAgeMilliseconds` in CloudWatch.\n\n")
		if constructs {
			b.WriteString("> [!WARNING] Hot keys\n> A single hot key defeats every other scaling choice.\n\n")
			b.WriteString("```diagram title=\"Producers to consumers\"\n┌──────────┐     ┌────────┐\n│ producer │ ──▶ │ shard  │\n└──────────┘     └────────┘\n```\n\n")
		} else {
			b.WriteString("> Hot keys\n> A single hot key defeats every other scaling choice.\n\n")
		}
		b.WriteString("```python\nimport boto3\n\nkinesis = boto3.client(\"kinesis\")\nfor record in records:\n    kinesis.put_record(StreamName=\"clicks\", Data=record, PartitionKey=key(record))\n```\n\n")
		b.WriteString("| Mode | Write | Read |\n|---|---|---|\n| provisioned | 1 MB/s | 2 MB/s |\n| on-demand | scales | scales |\n\n")
	}
	b.WriteString("## Check yourself\n\n")
	for i := 0; i < 4; i++ {
		if constructs {
			b.WriteString("::: question {topics=\"kinesis\"}\nWhat does a rising iterator age tell you, case " + strings.Repeat("x", i+1) + "?\n\nConsumers are falling behind: add shards or consumers, or fix a slow sink.\n:::\n\n")
		} else {
			b.WriteString("What does a rising iterator age tell you, case " + strings.Repeat("x", i+1) + "?\n\nConsumers are falling behind: add shards or consumers, or fix a slow sink.\n\n")
		}
	}
	return []byte(b.String())
}

// BenchmarkRender parses and renders a 12 KB module with every construct.
func BenchmarkRender(b *testing.B) {
	src := module(true)
	e := New(Options{Topics: goldenTopics})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d := e.Parse(src, "")
		if _, err := e.Render(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlain renders the same text without our constructs through
// plain goldmark with GFM and chroma: the baseline BenchmarkRender is held to.
func BenchmarkPlain(b *testing.B) {
	src := module(false)
	e := New(Options{})
	md := plain(e)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		ctx := parser.NewContext(parser.WithIDs(newIDs()))
		doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
		if err := md.Renderer().Render(&buf, src, doc); err != nil {
			b.Fatal(err)
		}
	}
}
