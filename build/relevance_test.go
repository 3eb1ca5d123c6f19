package build_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"sitegen/assets"
	"sitegen/build"
	"sitegen/build/diag"
	"sitegen/build/internal/browser"
	"sitegen/build/serve"
	"sitegen/layouts"
)

// relevance is what a reader types and the result that must come first:
// a module section, a question, a topic or a page, as its URL with anchor.
// The expected results were chosen by reading the course, before running
// the client; a miss is a ranking bug to fix, not a row to edit.
var relevance = []struct{ query, want string }{
	// Module 1
	{"layers of a data platform", "/modules/01-what-a-data-engineer-does/#the-five-layers-of-a-data-platform"},
	{"daily active users halves", "/modules/01-what-a-data-engineer-does/#q-01-nulls"},
	{"kinesis data firehose new name", "/modules/01-what-a-data-engineer-does/#q-01-names"},
	{"day in the job", "/modules/01-what-a-data-engineer-does/#a-day-in-the-job"},
	{"decisions aws makes for you", "/modules/01-what-a-data-engineer-does/#q-01-responsibility"},
	// Module 2
	{"region vs availability zone", "/modules/02-regions-azs-and-the-edge/#q-02-az-vs-region"},
	{"cross az data transfer emr", "/modules/02-regions-azs-and-the-edge/#q-02-cross-az-cost"},
	{"same availability zone two accounts", "/modules/02-regions-azs-and-the-edge/#q-02-az-names"},
	{"choose region european", "/modules/02-regions-azs-and-the-edge/#q-02-choose-region"},
	{"the edge", "/modules/02-regions-azs-and-the-edge/#the-edge"},
	// Module 3
	{"trust policy", "/modules/03-iam-for-data-engineers/#two-policies-per-role-trust-and-permissions"},
	{"cross account accessdenied", "/modules/03-iam-for-data-engineers/#q-03-cross-account"},
	{"evaluation logic", "/modules/03-iam-for-data-engineers/#how-aws-decides-the-evaluation-logic"},
	{"maximum policy size exceeded", "/modules/03-iam-for-data-engineers/#q-03-policy-too-big"},
	{"role instead of user", "/modules/03-iam-for-data-engineers/#q-03-role-vs-user"},
	{"iam limits", "/modules/03-iam-for-data-engineers/#limits-you-will-meet"},
	{"shrinking access", "/modules/03-iam-for-data-engineers/#finding-and-shrinking-access"},
	// Module 4
	{"storage classes", "/modules/04-amazon-s3-fundamentals/#storage-classes"},
	{"lifecycle rules", "/modules/04-amazon-s3-fundamentals/#lifecycle-rules"},
	{"lifecyle", "/modules/04-amazon-s3-fundamentals/#lifecycle-rules"},
	{"small files", "/modules/04-amazon-s3-fundamentals/#q-04-small-files"},
	{"s3 consistency", "/modules/04-amazon-s3-fundamentals/#q-04-consistency"},
	{"request rates prefixes", "/modules/04-amazon-s3-fundamentals/#request-rates-and-prefixes"},
	{"versioned bucket keeps growing", "/modules/04-amazon-s3-fundamentals/#q-04-lifecycle"},
	{"buckets objects keys", "/modules/04-amazon-s3-fundamentals/#buckets-objects-and-keys"},
	// Module 5
	{"nat gateway bill", "/modules/05-vpc-networking-for-data/#q-05-nat-bill"},
	{"gateway endpoint vs interface endpoint", "/modules/05-vpc-networking-for-data/#q-05-gateway-vs-interface"},
	{"security group vs network acl", "/modules/05-vpc-networking-for-data/#q-05-sg-vs-nacl"},
	{"glue job postgresql private subnet", "/modules/05-vpc-networking-for-data/#q-05-glue-private-rds"},
	{"managed services join your vpc", "/modules/05-vpc-networking-for-data/#how-managed-services-join-your-vpc"},
	{"seeing the traffic", "/modules/05-vpc-networking-for-data/#seeing-the-traffic"},
	// Modules 6–15
	{"lambda limits", "/modules/06-compute-choices/#lambda-instant-scale-hard-walls"},
	{"cold starts", "/modules/06-compute-choices/#cold-starts-and-when-they-matter"},
	{"spot two minute notice", "/modules/06-compute-choices/#spot-cheap-capacity-with-a-two-minute-notice"},
	{"binlog purged", "/modules/07-databases-on-aws/#q-07-binlog-purged"},
	{"zero-etl redshift", "/modules/07-databases-on-aws/#zero-etl-integration-to-redshift"},
	{"parquet row group size", "/modules/08-file-formats/#sizing-row-groups"},
	{"predicate pushdown", "/modules/08-file-formats/#statistics-and-predicate-pushdown"},
	{"gzip splittable", "/modules/08-file-formats/#compression-codecs-and-splittability"},
	{"envelope encryption", "/modules/09-encryption-and-kms/#envelope-encryption"},
	{"kms request quotas", "/modules/09-encryption-and-kms/#request-quotas-the-throttle-nobody-plans-for"},
	{"key rotation", "/modules/09-encryption-and-kms/#rotation-and-deletion"},
	{"missing data alarm", "/modules/10-observability/#alarm-design-missing-data-is-a-signal"},
	{"logs insights", "/modules/10-observability/#logs-retention-cost-and-logs-insights"},
	{"terraform state", "/modules/11-infrastructure-as-code/#terraform-state-in-s3-with-a-lock-file"},
	{"cost allocation tags", "/modules/12-how-aws-bills-data-workloads/#cost-allocation-tags"},
	{"six pillars", "/modules/13-well-architected-for-analytics/#the-six-pillars-on-a-data-platform"},
	{"late data event time", "/modules/14-batch-or-streaming/#event-time-processing-time-and-late-data"},
	{"exactly once and at least once", "/modules/14-batch-or-streaming/#exactly-once-and-at-least-once"},
	{"partition projection", "/modules/19-partitioning-and-file-sizing/#partition-projection"},
	{"recursive trigger loop", "/modules/15-hands-on-serverless-pipeline/#q-15-recursive-loop"},
	// Parts 2 and 3
	{"iterator age", "/modules/23-streaming-ingestion-kinesis/#q-23-iterator-age"},
	{"scd type 2", "/modules/29-dimensional-modeling-and-scd/#scd-type-2-on-aws"},
	{"hot shards partition key", "/modules/23-streaming-ingestion-kinesis/#partition-keys-and-hot-shards"},
	{"kinesis or msk", "/modules/24-kafka-on-aws-msk/#kinesis-or-msk"},
	{"firehose buffering hints", "/modules/25-amazon-data-firehose/#buffering-hints"},
	{"standard or express workflow", "/modules/26-orchestration-step-functions/#standard-or-express"},
	{"distributed map", "/modules/26-orchestration-step-functions/#map-and-distributed-map"},
	{"write audit publish", "/modules/28-data-quality-and-contracts/#q-28-write-audit-publish"},
	{"copy on write merge on read", "/modules/31-open-table-formats/#copy-on-write-or-merge-on-read"},
	{"schema registry compatibility", "/modules/20-glue-data-catalog-and-schema-evolution/#the-schema-registry-for-streams"},
	{"dms table mappings", "/modules/21-relational-ingestion-dms-cdc/#table-mappings"},
	{"partial batch response", "/modules/32-failures-retries-idempotency-dlq/#partial-batch-responses"},
	{"job bookmarks", "/modules/36-glue-etl-jobs-and-pyspark/#job-bookmarks-what-they-remember"},
	{"instance groups or fleets", "/modules/38-amazon-emr/#instance-groups-or-fleets"},
	{"salting skew", "/modules/39-spark-performance-tuning/#salting-what-aqe-leaves-alone"},
	{"zone maps", "/modules/40-redshift-architecture/#columnar-storage-1-mb-blocks-and-zone-maps"},
	{"workload management wlm", "/modules/41-redshift-performance/#workload-management"},
	{"athena query result reuse", "/modules/43-amazon-athena/#query-result-reuse"},
	{"updateshardcount limits", "/modules/44-kinesis-in-depth/#updateshardcount-and-its-limits"},
	{"enhanced fan-out", "/modules/44-kinesis-in-depth/#enhanced-fan-out-internals"},
	// Part 4: the interview banks, take-homes and designs
	{"e-commerce real-time analytics", "/modules/63-system-design-real-time/#sd-ecommerce-realtime"},
	{"iot telemetry anomaly alerts", "/modules/63-system-design-real-time/#sd-iot-anomaly-alerts"},
	{"real-time feature store fraud scoring", "/modules/63-system-design-real-time/#sd-fraud-feature-store"},
	{"data sovereignty", "/modules/64-system-design-migrations-multi-region/#sd-sovereign-multi-region-lake"},
	{"zero-downtime warehouse migration", "/modules/64-system-design-migrations-multi-region/#sd-warehouse-migration"},
	{"repartition vs coalesce", "/modules/53-qa-glue-emr-spark/#q-53-repartition-vs-coalesce"},
	{"narrow and wide transformations", "/modules/53-qa-glue-emr-spark/#q-53-narrow-vs-wide"},
	{"experiences building data platforms", "/modules/61-take-home-data-platform/#q-61-platform-experience"},
	{"sql vs nosql etl", "/modules/62-take-home-ingestion-processing-integrity/#q-62-sql-vs-nosql-etl"},
	{"stale exchange rate", "/modules/59-qa-data-quality-governance/#q-59-cfo-postmortem"},
	// Topics
	{"s3 storage classes", "/topics/storage-classes/"},
	{"identity and access management", "/topics/iam/"},
	{"amazon vpc", "/topics/vpc/"},
	// Modules by name
	{"iam for data engineers", "/modules/03-iam-for-data-engineers/"},
	{"vpc networking", "/modules/05-vpc-networking-for-data/"},
	// Pages
	{"pricing", "/pricing/"},
	{"mentoring", "/services/"},
	{"contact", "/contact/"},
	{"about this course", "/about/"},
}

// TestSearchRelevance types every query of the table into the header's
// search box of the bundled course, in Chromium, and reads the results as
// shown: at least 90% must put the expected result first, and all must
// rank it in the first three.
func TestSearchRelevance(t *testing.T) {
	res := courseResult(t)
	s, err := serve.NewSite(res.Files)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(&serve.Gate{Site: func() *serve.Site { return s }, Roles: func(*http.Request) []string { return nil }})
	defer srv.Close()
	ctx := browser.New(t)
	open(t, ctx, srv.URL+"/")
	if len(relevance) < 40 {
		t.Errorf("the relevance table has %d queries; it needs at least 40", len(relevance))
	}
	first := 0
	for _, c := range relevance {
		top, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`new Promise((resolve, reject) => {
			const i = document.getElementById("search-input"), box = document.getElementById("search-listbox");
			box.textContent = "";
			i.focus();
			i.value = `+jsString(c.query)+`;
			i.dispatchEvent(new Event("input"));
			const t0 = Date.now();
			const wait = () => {
				// The three best results, in the client's ranking (the first
				// one shown is the best; groups by kind may show others
				// between the second and the third).
				const opts = [...box.querySelectorAll("[role=option]")].sort((a, b) => a.dataset.rank - b.dataset.rank);
				if (!box.hidden && (opts.length > 0 || box.querySelector(".search-empty"))) {
					return resolve(opts.slice(0, 3).map(o => new URL(o.getAttribute("data-href"), location.href).pathname + new URL(o.getAttribute("data-href"), location.href).hash));
				}
				if (Date.now() - t0 > 5000) return reject(new Error("no results shown"));
				requestAnimationFrame(wait);
			};
			wait();
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		switch {
		case len(top) > 0 && top[0] == c.want:
			first++
		case slices.Contains(top, c.want):
			t.Logf("%q: %s is not first: %v", c.query, c.want, top)
		default:
			t.Errorf("%q: %s is not in the top three: %v", c.query, c.want, top)
		}
	}
	rate := float64(first) / float64(len(relevance))
	t.Logf("relevance: %d of %d queries put the expected result first (%.1f%%)", first, len(relevance), 100*rate)
	if rate < 0.9 {
		t.Errorf("top-1 hit rate %.1f%%, want at least 90%%", 100*rate)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// TestSearchBudgets keeps the bundled course's search within its budgets:
// the client under 8 KB and the index under 150 KB, both gzipped.
func TestSearchBudgets(t *testing.T) {
	res := courseResult(t)
	budgets := map[string]int{"js/search.": 8 << 10, "data/search.": 150 << 10}
	for _, f := range res.Files {
		for prefix, budget := range budgets {
			if strings.HasPrefix(f.Path, prefix) {
				size := gz(f.Data)
				t.Logf("%s: %d bytes, %d gzipped (budget %d)", f.Path, len(f.Data), size, budget)
				if size > budget {
					t.Errorf("%s is %d bytes gzipped, over its budget of %d", f.Path, size, budget)
				}
				delete(budgets, prefix)
			}
		}
	}
	for prefix := range budgets {
		t.Errorf("no %s* file in the output", prefix)
	}
}

// bundledCourse builds the course in ../content once for the tests that
// read its output.
var bundledCourse = sync.OnceValues(func() (*build.Result, diag.List) {
	return build.Build(build.Sources{Content: os.DirFS(".."), Layouts: layouts.FS, Assets: assets.FS}, build.Options{})
})

func courseResult(t *testing.T) *build.Result {
	t.Helper()
	res, diags := bundledCourse()
	if res == nil {
		t.Fatal(diags)
	}
	return res
}
