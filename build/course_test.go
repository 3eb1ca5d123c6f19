package build

// The bundled course is content too, and it has rules of its own beyond what
// `sitegen check` enforces for any site: the outline of ../shared/COURSE.md
// (titles, access, topics, parts), the shape of every module, a page for
// every topic. TestCourse checks them on whatever modules are written so far;
// `go test ./build -run TestCourse -v` prints the per-module figures.

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"sitegen/assets"
	"sitegen/build/site"
	"sitegen/layouts"
)

// outlineRow is one line of COURSE.md's table.
type outlineRow struct {
	n      int
	title  string
	access string
	topics []string
}

var outline = []outlineRow{
	{1, "What a Data Engineer Does on AWS", "free", []string{"data-engineering", "aws-overview"}},
	{2, "Regions, Availability Zones and the Edge", "free", []string{"regions", "networking"}},
	{3, "IAM for Data Engineers: Users, Roles and Policies", "free", []string{"iam", "security"}},
	{4, "Amazon S3: Buckets, Objects and Storage Classes", "free", []string{"s3", "storage-classes"}},
	{5, "VPC Networking for Data Workloads", "free", []string{"vpc", "networking"}},
	{6, "Compute Choices: EC2, Lambda, ECS and Fargate", "free", []string{"ec2", "lambda", "ecs"}},
	{7, "Databases on AWS: RDS, Aurora and DynamoDB", "free", []string{"rds", "aurora", "dynamodb"}},
	{8, "File Formats: CSV, JSON, Avro, Parquet and ORC", "free", []string{"parquet", "avro", "file-formats"}},
	{9, "Encryption and Key Management with KMS", "free", []string{"kms", "encryption"}},
	{10, "Observability: CloudWatch, CloudTrail and X-Ray", "free", []string{"cloudwatch", "cloudtrail"}},
	{11, "Infrastructure as Code: CloudFormation, CDK and Terraform", "free", []string{"cloudformation", "iac"}},
	{12, "How AWS Bills Data Workloads", "free", []string{"cost"}},
	{13, "The Well-Architected Lens for Analytics", "free", []string{"well-architected"}},
	{14, "Batch or Streaming: Choosing a Processing Model", "free", []string{"batch", "streaming"}},
	{15, "Hands-on: A Serverless Pipeline in One Afternoon", "premium", []string{"lambda", "s3", "glue", "athena"}},
	{16, "Anatomy of a Data Pipeline", "free", []string{"data-pipelines"}},
	{17, "ETL versus ELT on AWS", "free", []string{"etl", "elt"}},
	{18, "Designing an S3 Data Lake: Bronze, Silver, Gold", "free", []string{"data-lake", "s3", "medallion"}},
	{19, "Partitioning and File Sizing", "free", []string{"partitioning", "parquet", "athena"}},
	{20, "The Glue Data Catalog and Schema Evolution", "free", []string{"glue", "data-catalog"}},
	{21, "Ingesting Relational Data with DMS and CDC", "free", []string{"dms", "cdc"}},
	{22, "Ingesting NoSQL Data: DynamoDB and MongoDB", "free", []string{"dynamodb", "nosql"}},
	{23, "Streaming Ingestion with Kinesis Data Streams", "free", []string{"kinesis", "streaming"}},
	{24, "Kafka on AWS with Amazon MSK", "free", []string{"msk", "kafka"}},
	{25, "Delivery Streams with Amazon Data Firehose", "free", []string{"firehose"}},
	{26, "Orchestration with Step Functions", "free", []string{"step-functions", "orchestration"}},
	{27, "Orchestration with Managed Airflow (MWAA)", "free", []string{"airflow", "orchestration"}},
	{28, "Data Quality: Validation and Data Contracts", "free", []string{"data-quality"}},
	{29, "Dimensional Modeling and Slowly Changing Dimensions", "free", []string{"data-modeling", "scd"}},
	{30, "Lambda and Kappa Architectures", "free", []string{"streaming", "batch"}},
	{31, "Open Table Formats: Iceberg, Hudi and Delta Lake", "premium", []string{"iceberg", "data-lake"}},
	{32, "Failures, Retries, Idempotency and Dead-Letter Queues", "free", []string{"reliability", "sqs"}},
	{33, "CI/CD for Data Pipelines", "premium", []string{"cicd", "iac"}},
	{34, "Lineage and Governance with Lake Formation", "premium", []string{"lake-formation", "governance"}},
	{35, "Cost Optimization Patterns for Pipelines", "premium", []string{"cost", "spot"}},
	{36, "AWS Glue ETL Jobs and PySpark", "free", []string{"glue", "spark"}},
	{37, "Glue Crawlers, DataBrew and Glue Studio", "free", []string{"glue", "data-quality"}},
	{38, "Amazon EMR: on EC2, on EKS and Serverless", "free", []string{"emr", "spark"}},
	{39, "Spark Performance Tuning: Skew, Shuffles and AQE", "premium", []string{"spark", "emr"}},
	{40, "Amazon Redshift Architecture", "free", []string{"redshift"}},
	{41, "Redshift Performance: Distribution, Sort Keys and WLM", "premium", []string{"redshift"}},
	{42, "Redshift Spectrum, Federated Query and Data Sharing", "free", []string{"redshift", "data-lake"}},
	{43, "Amazon Athena: Serverless SQL on S3", "free", []string{"athena"}},
	{44, "Kinesis in Depth: Shards, Scaling and Consumers", "premium", []string{"kinesis", "streaming"}},
	{45, "Managed Service for Apache Flink", "premium", []string{"flink", "streaming"}},
	{46, "DynamoDB Modeling for Analytics Workloads", "free", []string{"dynamodb"}},
	{47, "OpenSearch for Log Analytics", "free", []string{"opensearch"}},
	{48, "QuickSight Dashboards and SPICE", "free", []string{"quicksight"}},
	{49, "Lake Formation Permissions in Depth", "premium", []string{"lake-formation", "security"}},
	{50, "SageMaker for Data Engineers: Feature Store and Pipelines", "free", []string{"sagemaker", "mlops"}},
	{51, "How Data Engineering Interviews Work", "free", []string{"interviews"}},
	{52, "Q&A: S3 and Data Lake Design", "free", []string{"s3", "data-lake"}},
	{53, "Q&A: Glue, EMR and Spark", "free", []string{"glue", "emr", "spark"}},
	{54, "Q&A: Redshift and Athena", "free", []string{"redshift", "athena"}},
	{55, "Q&A: Kinesis, MSK and Streaming", "free", []string{"kinesis", "msk", "streaming"}},
	{56, "Q&A: Databases, DMS and Migrations", "free", []string{"dms", "rds", "migration"}},
	{57, "Q&A: Security, Encryption and Compliance", "premium", []string{"security", "kms", "iam"}},
	{58, "Q&A: Orchestration, DevOps and MLOps", "free", []string{"orchestration", "cicd", "mlops"}},
	{59, "Q&A: Data Quality, Integrity and Governance", "free", []string{"data-quality", "governance"}},
	{60, "Q&A: Cost Optimization", "premium", []string{"cost"}},
	{61, "Take-Home Test I: Building a Data Platform", "free", []string{"data-lake", "data-pipelines"}},
	{62, "Take-Home Test II: SQL vs NoSQL Ingestion, Large-Scale Processing, Integrity", "premium", []string{"nosql", "spark", "data-quality"}},
	{63, "System Design I: Real-Time Analytics and Streaming", "premium", []string{"kinesis", "flink", "dynamodb"}},
	{64, "System Design II: Migrations and Multi-Region Lakes", "premium", []string{"migration", "dms", "data-lake"}},
	{65, "Comprehensive Review and Mixed Interview Questions", "premium", []string{"interviews"}},
}

// partOf gives the folder each module number belongs in.
func partOf(n int) string {
	switch {
	case n <= 15:
		return "01-foundations"
	case n <= 35:
		return "02-pipelines"
	case n <= 50:
		return "03-deep-dives"
	}
	return "04-interview"
}

// questionRule is how many question blocks a module must hold: 3–5 in the
// "Check yourself" of an ordinary module, 12 or more in a Q&A module, at
// least one long-form answer in a take-home module; the system-design
// modules hold scenarios instead.
func questionRule(n int) (min, max int) {
	switch {
	case n == 65:
		return 20, 1000
	case n >= 52 && n <= 60:
		return 12, 1000
	case n == 61 || n == 62:
		return 1, 1000
	case n == 63 || n == 64:
		return 0, 1000
	}
	return 3, 5
}

// wordRule is a module's range of words of body. The outline's 900–1,800
// is for teaching modules; in the interview modules the questions, answers
// and scenarios are the body, and a bank of a dozen model answers or five
// worked designs needs more room.
func wordRule(n int) (min, max int) {
	if n >= 52 {
		return 900, 3600
	}
	return 900, 1800
}

var (
	hasTable   = regexp.MustCompile(`<table\b`)
	hasDiagram = regexp.MustCompile(`<figure class="diagram"`)
	hasCode    = regexp.MustCompile(`<pre[^>]*><code`)
	hasCallout = regexp.MustCompile(`class="?callout callout-`)
)

func buildCourse(t *testing.T) *Result {
	t.Helper()
	res, diags := Build(Sources{Content: os.DirFS(".."), Layouts: layouts.FS, Assets: assets.FS}, Options{})
	if len(diags) > 0 {
		t.Fatalf("the course must build with no errors and no warnings:\n%s", diags)
	}
	return res
}

func TestCourse(t *testing.T) {
	res := buildCourse(t)
	s := res.Site
	if len(s.Modules) == 0 {
		t.Fatal("no modules")
	}
	written := map[int]*site.Module{}
	for _, m := range s.Modules {
		written[m.Src.Number] = m
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%-3s %-8s %6s %4s %s\n", "#", "access", "words", "qs", "title")
	for _, row := range outline {
		m := written[row.n]
		if m == nil {
			continue
		}
		t.Run(fmt.Sprintf("module%02d", row.n), func(t *testing.T) {
			checkModule(t, row, m)
		})
		fmt.Fprintf(&report, "%-3d %-8s %6d %4d %s\n", row.n, m.Src.Access, m.Doc.Words, len(m.Questions), m.Src.Title)
	}
	t.Logf("modules written: %d of %d\n%s", len(s.Modules), len(outline), report.String())

	// Every topic of the outline has its page, with what a reader needs.
	ids := map[string]*site.Topic{}
	for _, tp := range s.Topics {
		ids[tp.Src.ID] = tp
	}
	seen := map[string]bool{}
	for _, row := range outline {
		for _, id := range row.topics {
			if seen[id] {
				continue
			}
			seen[id] = true
			tp := ids[id]
			if tp == nil {
				t.Errorf("topic %q (module %d in the outline) has no page under content/topics/", id, row.n)
				continue
			}
			checkTopic(t, tp)
		}
	}

	for _, slug := range []string{"about", "pricing", "services", "contact"} {
		found := false
		for _, p := range s.Pages {
			found = found || p.Src.Slug == slug
		}
		if !found {
			t.Errorf("content/pages/%s.md is missing", slug)
		}
	}

	checkQuestionBank(t, s)
	checkForwardLinks(t, s)
	checkBankPage(t, res)

	if len(s.Modules) == len(outline) {
		designs, pipelines := 0, 0
		for _, m := range s.Modules {
			n := m.Src.Number
			if (n == 63 || n == 64) && len(m.Scenarios) < 4 {
				t.Errorf("module %d holds %d scenarios; a system-design module needs at least 4", n, len(m.Scenarios))
			}
			if n >= 16 && n <= 35 && len(m.Scenarios) > 0 {
				pipelines++
			}
		}
		if pipelines < 2 {
			t.Errorf("%d modules of part 2 hold a scenario; at least 2 should", pipelines)
		}
		for _, m := range s.Modules {
			if n := m.Src.Number; n >= 63 {
				designs += len(m.Scenarios)
			}
		}
		for _, m := range s.Modules {
			if m.Src.Number >= 63 {
				designs += len(m.Scenarios)
			}
		}
		if designs < 12 {
			t.Errorf("modules 63–65 hold %d scenarios between them; they need at least 12", designs)
		}
		if len(s.Questions) < 200 || len(s.Scenarios) < 15 {
			t.Errorf("the whole course holds %d questions and %d scenarios; it needs at least 200 and 15", len(s.Questions), len(s.Scenarios))
		}
	}
}

func checkModule(t *testing.T, row outlineRow, m *site.Module) {
	src := m.Src
	if src.Title != row.title {
		t.Errorf("title %q, the outline says %q", src.Title, row.title)
	}
	if src.Access != row.access {
		t.Errorf("access %s, the outline says %s", src.Access, row.access)
	}
	if strings.Join(src.Topics, ",") != strings.Join(row.topics, ",") {
		t.Errorf("topics %v, the outline says %v", src.Topics, row.topics)
	}
	if src.Part.Dir != partOf(row.n) {
		t.Errorf("in part folder %s, belongs in %s", src.Part.Dir, partOf(row.n))
	}
	// Words of body: prose, questions and answers; code, diagrams and front
	// matter excluded.
	lo, hi := wordRule(row.n)
	if w := m.Doc.Words; w < lo || w > hi {
		t.Errorf("%d words of body, want %d–%d", w, lo, hi)
	}
	html := m.HTML.HTML
	if !hasTable.Match(html) && !hasDiagram.Match(html) && !hasCode.Match(html) {
		t.Error("has no table, diagram or code sample")
	}
	min, max := questionRule(row.n)
	if n := len(m.Questions); n < min || n > max {
		t.Errorf("%d question blocks, want %d–%d", n, min, max)
	}
	if max == 5 && !bytes.Contains(html, []byte(`id="check-yourself"`)) {
		t.Error(`no "Check yourself" section`)
	}
	if row.n <= 50 && !hasCallout.Match(html) {
		t.Error("no callout: a teaching module names at least one real pitfall or interview hint")
	}
	if len(m.BuildsOn)+len(m.LeadsTo) == 0 && (m.Prev != nil || m.Next != nil) {
		t.Error("links to no other module and no module links to it")
	}
	if src.Description == "" || len(src.Description) > 200 {
		t.Errorf("description of %d characters, want 1–200", len(src.Description))
	}
	if m.Premium() {
		if !m.Doc.HasMore {
			t.Error("premium module without a <!--more--> teaser")
		}
		if w := countWords(m.HTML.Teaser()); w < 60 {
			t.Errorf("teaser of %d words: it should sell what follows (60 or more)", w)
		}
	}
}

var sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

func checkTopic(t *testing.T, tp *site.Topic) {
	src := tp.Src
	where := "content/topics/" + src.ID + ".md"
	if src.Description == "" {
		t.Errorf("%s: no description", where)
	}
	if !strings.HasPrefix(src.Docs, "https://") {
		t.Errorf("%s: docs %q is not an https link to the official documentation", where, src.Docs)
	}
	body := strings.TrimSpace(string(src.Body()))
	if n := len(sentenceEnd.FindAllString(body, -1)); n < 2 || n > 4 {
		t.Errorf("%s: a definition of %d sentences, want 2–4", where, n)
	}
	if len(src.Aliases) == 0 {
		t.Errorf("%s: no aliases, so nothing links to it on first mention", where)
	}
}

// countWords counts words of HTML text, tags skipped.
func countWords(html []byte) int {
	n, in, tag := 0, false, false
	for _, r := range string(html) {
		switch {
		case r == '<':
			tag, in = true, false
		case r == '>':
			tag = false
		case tag:
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			if !in {
				n++
			}
			in = true
		default:
			in = false
		}
	}
	return n
}

// checkQuestionBank holds the interview part to its rules: every answer of
// a Q&A bank (52–60) says what the interviewer listens for and what the weak
// answer is, and links to the module that teaches it; the take-home answers
// are long-form; every system-design scenario has its diagram. No question
// of the course is a near-copy of another.
func checkQuestionBank(t *testing.T, s *site.Site) {
	link := regexp.MustCompile(`href="/modules/`)
	for _, m := range s.Modules {
		n := m.Src.Number
		for _, q := range m.Questions {
			answer := string(q.Answer)
			switch {
			case n >= 52 && n <= 60:
				for _, want := range []string{"listens for", "Weak answer"} {
					if !strings.Contains(answer, want) {
						t.Errorf("%s: the answer lacks %q", q.ID, want)
					}
				}
				if !link.MatchString(answer) {
					t.Errorf("%s: the answer links to no teaching module", q.ID)
				}
			case n == 61 && q.ID == "q-61-platform-experience", n == 62:
				if w := countWords(q.Answer); w < 600 {
					t.Errorf("%s: a take-home answer of %d words; long-form means 600 or more", q.ID, w)
				}
			}
		}
		if n >= 52 && n <= 60 {
			for _, id := range outline[n-1].topics {
				tagged := 0
				for _, q := range m.Questions {
					for _, tp := range q.Topics {
						if tp.Src.ID == id {
							tagged++
						}
					}
				}
				if tagged < 3 {
					t.Errorf("module %d: %d questions on %q; the bank covers each of its topics with 3 or more", n, tagged, id)
				}
			}
		}
		if n >= 63 {
			for _, sc := range m.Scenarios {
				if !hasDiagram.Match(sc.Answer) {
					t.Errorf("%s: the walkthrough has no diagram", sc.ID)
				}
				if n == 65 {
					continue
				}
				// A system design: the questions asked first, a numbered
				// design, its trade-offs, its costs and its failure modes.
				for _, part := range []string{"Clarifying questions", "<ol", "Trade-offs", "Costs", "What breaks"} {
					if !strings.Contains(string(sc.Answer), part) {
						t.Errorf("%s: the walkthrough lacks %q", sc.ID, part)
					}
				}
			}
		}
	}
	ids := map[string]string{}
	for _, sc := range s.Scenarios {
		ids[sc.ID] = string(sc.Answer)
	}
	for _, q := range s.Questions {
		ids[q.ID] = string(q.Answer)
	}
	if len(s.Modules) == len(outline) {
		// The scenarios COURSE.md names, and the integrity answer with
		// every dimension, its threshold and the query that measures it.
		for _, id := range []string{"sd-ecommerce-realtime", "sd-warehouse-migration", "sd-sovereign-multi-region-lake"} {
			if _, ok := ids[id]; !ok {
				t.Errorf("the scenario %s of COURSE.md is missing", id)
			}
		}
		integrity := ids["q-62-data-integrity"]
		for _, want := range []string{"Accuracy", "Completeness", "Consistency", "Timeliness", "Validity", "Uniqueness", "threshold", "<pre"} {
			if !strings.Contains(integrity, want) {
				t.Errorf("q-62-data-integrity lacks %q", want)
			}
		}
	}
	if q := s.Questions; len(q) > 0 {
		shingles := make([]map[string]bool, len(q))
		for i := range q {
			shingles[i] = wordShingles(q[i].Text)
		}
		for i := range q {
			for j := i + 1; j < len(q); j++ {
				if sim := jaccard(shingles[i], shingles[j]); sim >= 0.3 {
					t.Errorf("%s and %s ask nearly the same question (%.0f%% of word triples shared)", q[i].ID, q[j].ID, 100*sim)
				}
			}
		}
	}
}

// wordShingles are the runs of three words of a text, lower-cased.
func wordShingles(text string) map[string]bool {
	w := strings.Fields(strings.ToLower(text))
	out := map[string]bool{}
	for i := 0; i+3 <= len(w); i++ {
		out[strings.Join(w[i:i+3], " ")] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for k := range a {
		if b[k] {
			common++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

// checkForwardLinks: every teaching module leads on (through a link either
// way, shown on its page as "leads to") to the interview modules that test
// it, part 1 to part 2 and parts 1–2 to part 3.
func checkForwardLinks(t *testing.T, s *site.Site) {
	last := s.Modules[len(s.Modules)-1].Src.Number
	leads := func(m *site.Module, lo, hi int) bool {
		for _, l := range m.LeadsTo {
			if n := l.Src.Number; n >= lo && n <= hi {
				return true
			}
		}
		return false
	}
	for _, m := range s.Modules {
		n := m.Src.Number
		if n <= 50 && last >= 51 && !leads(m, 51, 65) {
			t.Errorf("module %d leads to no interview module (51–65)", n)
		}
		if n <= 15 && last >= 16 && !leads(m, 16, 35) {
			t.Errorf("module %d leads to no module of part 2", n)
		}
		if n <= 35 && last >= 36 && !leads(m, 36, 50) {
			t.Errorf("module %d leads to no module of part 3", n)
		}
	}
}

// checkBankPage: the public question bank lists every question of the
// course, grouped by part and by topic.
func checkBankPage(t *testing.T, res *Result) {
	var page string
	for _, f := range res.Files {
		if f.Path == "questions/index.html" {
			page = string(f.Data)
		}
	}
	for _, want := range []string{`id="qpart-foundations"`, `id="qpart-interview"`, `id="by-topic"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the question bank lacks %s", want)
		}
	}
	for _, q := range res.Site.Questions {
		if !strings.Contains(page, q.ID) {
			t.Errorf("the question bank does not list %s", q.ID)
		}
	}
}
