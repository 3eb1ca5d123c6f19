package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"sitegen/build"
	"sitegen/build/serve"
)

const serveLine = "sitegen serve [--port 1313] [--bind 127.0.0.1] [--as free|premium] [--drafts] [--poll DURATION] [--open] [--src DIR]"

// runServe builds in memory and serves the site with live reload until
// interrupted. Nothing is written to public/.
func runServe(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	port := fl.Int("port", 1313, "the port to listen on")
	bind := fl.String("bind", "127.0.0.1", "the address to listen on")
	as := fl.String("as", "free", "serve as a visitor with this access: free or premium")
	drafts := fl.Bool("drafts", false, "include drafts")
	poll := fl.Duration("poll", 0, "scan for changes at this interval instead of file events (for shared folders)")
	open := fl.Bool("open", false, "open the site in a browser")
	src := fl.String("src", ".", "the site folder")
	pos, err := parseFlags(fl, args, serveLine)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0]), serveLine}
	}
	if *as != "free" && *as != "premium" {
		return usageError{fmt.Sprintf("--as must be free or premium, got %q", *as), serveLine}
	}
	if *port < 0 || *port > 65535 {
		return usageError{fmt.Sprintf("--port must be 0..65535, got %d", *port), serveLine}
	}
	if fi, err := os.Stat(filepath.Join(*src, "content")); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s has no content/ folder (run sitegen in the site's folder, or pass --src DIR)", *src)
	}
	if ip := net.ParseIP(*bind); ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(stderr, "warning: serving on %s, not loopback: other machines can reach this dev server\n", *bind)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	d := &serve.Dev{Dir: *src, Sources: Sources(*src), Options: build.Options{Drafts: *drafts}, As: *as, Log: stderr}
	start := time.Now()
	if ok, _ := d.Rebuild(false); !ok {
		fmt.Fprintln(stderr, "the first build failed: fix the errors above; the server starts and reloads when they are fixed")
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stderr, "serving %s as %s (built in %d ms; dev sign-in at %s_sitegen/signin; Ctrl-C to stop)\n", url, *as, time.Since(start).Milliseconds(), url)
	if err := d.Run(ctx, *poll); err != nil {
		ln.Close()
		return err
	}
	if *open {
		exec.Command("xdg-open", url).Start()
	}
	err = d.Serve(ctx, ln)
	fmt.Fprintln(stderr, "stopped")
	return err
}
