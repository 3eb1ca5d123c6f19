// Package gensite generates course sites of any size for benchmarks and
// tests, in the shape of ../shared/bench/gen.py's output.
package gensite

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing/fstest"
)

// Site makes a course of n modules in the shape of ../shared/bench/gen.py:
// four parts (15/20/15/15 shares), ~12 KB bodies with a teaser (premium:
// then <!--more-->), alerts, headings, lists, a table, code, a diagram,
// links between modules with anchors, and 3–5 questions; every tenth
// module also has a scenario. Deterministic for a given n.
func Site(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	file := func(name, s string) { fsys[name] = &fstest.MapFile{Data: []byte(s)} }
	file("content/_index.md", "---\ntitle: Generated course\nbase_url: https://bench.example\n---\nA generated course.\n")
	parts := []string{"01-foundations", "02-pipelines", "03-deep-dives", "04-interview"}
	shares := []int{15, 20, 15, 15}
	for i, p := range parts {
		file("content/modules/"+p+"/_index.md", fmt.Sprintf("---\ntitle: Part %d\ndescription: Part %d of the course.\naccess: free\n---\n", i+1, i+1))
	}
	topics := []string{"s3", "glue", "athena", "kinesis", "redshift", "emr", "spark", "lambda", "iam", "kms",
		"dynamodb", "parquet", "iceberg", "airflow", "step-functions", "dms", "cdc", "firehose", "msk", "kafka",
		"flink", "lake-formation", "data-quality", "cost", "vpc", "cloudwatch", "cloudtrail", "sqs", "sns", "opensearch",
		"quicksight", "sagemaker", "data-lake", "partitioning", "orchestration", "streaming", "batch", "etl", "scd",
		"governance", "cicd", "iac"}
	for _, t := range topics {
		title := strings.ToUpper(t[:1]) + strings.ReplaceAll(t[1:], "-", " ")
		file("content/topics/"+t+".md", fmt.Sprintf("---\ntitle: %q\ndescription: About %s.\naliases: [%q]\n---\n%s is a topic of the course.\n", title, t, strings.ToUpper(t)+"X", title))
	}
	file("content/pages/about.md", "---\ntitle: About\n---\nAbout this course.\n")
	file("content/pages/pricing.md", "---\ntitle: Pricing\nlayout: pricing\n---\nPlans.\n")
	width := max(2, len(fmt.Sprint(n)))
	name := func(m int) string {
		return fmt.Sprintf("%0*d-module-%d", width, m, m)
	}
	partOf := func(m int) string {
		acc := 0
		for i, s := range shares {
			acc += s
			if (m-1)*65 < acc*n {
				return parts[i]
			}
		}
		return parts[3]
	}
	for m := 1; m <= n; m++ {
		r := rand.New(rand.NewPCG(1, uint64(m)))
		var b strings.Builder
		premium := r.IntN(4) == 0
		access := "free"
		if premium {
			access = "premium"
		}
		t1, t2 := topics[r.IntN(len(topics))], topics[r.IntN(len(topics))]
		fmt.Fprintf(&b, "---\ntitle: \"Module %d: %s and %s\"\nmodule: %d\ndescription: \"What module %d teaches.\"\naccess: %s\ntopics: [%s]\n---\n\n", m, t1, t2, m, m, access, t1)
		b.WriteString(para(r) + "\n\n")
		if premium {
			b.WriteString("<!--more-->\n\n")
		}
		b.WriteString("> [!NOTE]\n> " + para(r) + "\n\n## Learning objectives\n\n")
		for i := 0; i < 5; i++ {
			b.WriteString("- " + sentence(r) + "\n")
		}
		for s := 0; s < 3; s++ {
			fmt.Fprintf(&b, "\n## Section %d of module %d\n\n%s\n\n%s\n\n### Details %d\n\n%s\n\n", s+1, m, para(r), para(r), s+1, para(r))
			fmt.Fprintf(&b, "1. %s\n2. %s\n3. %s\n\n", sentence(r), sentence(r), sentence(r))
		}
		b.WriteString("| Option | Latency | Cost |\n|---|---|---|\n| A | 10 ms | $1 |\n| B | 100 ms | $0.10 |\n\n")
		b.WriteString("```python\nimport boto3\n\ndef handler(event, context):\n    s3 = boto3.client(\"s3\")\n    for record in event[\"Records\"]:\n        key = record[\"s3\"][\"object\"][\"key\"]\n        s3.copy_object(Bucket=\"out\", Key=key, CopySource={\"Bucket\": \"in\", \"Key\": key})\n    return {\"ok\": True}\n```\n\n")
		b.WriteString("```sql\nSELECT region, count(*) AS orders\nFROM sales\nWHERE dt >= DATE '2026-01-01'\nGROUP BY region\nORDER BY orders DESC;\n```\n\n")
		b.WriteString("```diagram title=\"Data flow\"\n┌────────┐     ┌────────┐\n│ source │────▶│ sink   │\n└────────┘     └────────┘\n```\n\n")
		if m > 1 {
			o := 1 + r.IntN(m-1)
			fmt.Fprintf(&b, "This builds on [module %d](../%s/%s.md#learning-objectives).\n\n", o, partOf(o), name(o))
		}
		if m%10 == 0 {
			fmt.Fprintf(&b, "::: scenario {#sc-%d title=\"Scenario %d\" topics=\"%s\"}\n%s\n\n1. %s\n2. %s\n:::\n\n", m, m, t2, para(r), sentence(r), sentence(r))
		}
		b.WriteString("## Check yourself\n\n")
		for q := 1; q <= 3+r.IntN(3); q++ {
			fmt.Fprintf(&b, "::: question {#q-m%d-%d}\n%s?\n\n%s\n:::\n\n", m, q, sentence(r), para(r))
		}
		file("content/modules/"+partOf(m)+"/"+name(m)+".md", b.String())
	}
	return fsys
}

var words = strings.Fields("the a pipeline shard partition writes reads each every bucket stream table job cluster " +
	"scales throttles retries compacts replays batch record offset consumer producer cost latency schema catalog " +
	"query warehouse lake zone window watermark checkpoint snapshot manifest file column row index key")

func sentence(r *rand.Rand) string {
	n := 8 + r.IntN(10)
	w := make([]string, n)
	for i := range w {
		w[i] = words[r.IntN(len(words))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	if r.IntN(3) == 0 {
		w[2] = "`" + w[2] + "`"
	}
	if r.IntN(3) == 0 {
		w[4] = "**" + w[4] + "**"
	}
	return strings.Join(w, " ")
}

func para(r *rand.Rand) string {
	n := 4 + r.IntN(4)
	s := make([]string, n)
	for i := range s {
		s[i] = sentence(r) + "."
	}
	return strings.Join(s, " ")
}
