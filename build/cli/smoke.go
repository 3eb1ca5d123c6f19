package cli

import (
	"context"

	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"sitegen/build/serve"
)

const smokeLine = "sitegen smoke --base URL [--dir public]"

// runSmoke checks a deployed site from outside: pages, headers, assets,
// and that no premium full view answers an anonymous visitor.
func runSmoke(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("smoke", flag.ContinueOnError)
	base := fl.String("base", "", "the deployed site's URL, e.g. https://pr-12--course.netlify.app")
	dir := fl.String("dir", "public", "the build that was deployed (its _redirects names the premium views)")
	pos, err := parseFlags(fl, args, smokeLine)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0]), smokeLine}
	}
	u, err := url.Parse(*base)
	if *base == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return usageError{"--base must be the site's absolute URL", smokeLine}
	}
	redirects, err := os.ReadFile(filepath.Join(*dir, "_redirects"))
	if err != nil {
		return fmt.Errorf("reading the deployed build's rules: %v (build first, or pass --dir)", err)
	}
	premium, err := serve.PremiumPaths(redirects)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	probs := (&serve.Smoke{Base: u, Premium: premium}).Run(ctx)
	for _, p := range probs {
		fmt.Fprintln(stderr, p)
	}
	if len(probs) > 0 {
		fmt.Fprintf(stderr, "smoke test failed: %d problem%s at %s\n", len(probs), plural(len(probs)), u)
		return errReported
	}
	fmt.Fprintf(stderr, "smoke test passed: %s (%d premium views, %d bypass forms each) in %d ms\n",
		u, len(premium), len(serve.Bypasses("/premium/x/")), time.Since(start).Milliseconds())
	return nil
}
