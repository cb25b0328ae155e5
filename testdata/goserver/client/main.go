// Command client verifies a go.sum against a checksum database with the
// reference client (golang.org/x/mod 0.7.0, sumdb.NewClient), with a chosen
// number of lookups in flight and an in-memory (cold) cache. It is the Go side
// of sumdb4j's speed benchmark and a cross-check of the test server.
//
// Build (GOPATH mode):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o goclient .
//
// It prints one summary line per go.sum: lines, ok, mismatch, missing, errors,
// requests, wall time; and exits 1 if any line did not verify. Several go.sum
// files (-gosum a,b,c) are verified one after another by the same client, as a
// long-running service would (the embedded case of the benchmark).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb"
)

var (
	flagURL      = flag.String("url", "", "database base URL")
	flagKey      = flag.String("key", "", "verifier key")
	flagGosum    = flag.String("gosum", "go.sum", "go.sum file to verify; several, comma-separated, are verified in turn by one sumdb.Client (one summary line each)")
	flagParallel = flag.Int("parallel", 16, "lookups in flight")
)

type ops struct {
	url      string
	key      string
	client   *http.Client
	requests int64

	mu     sync.Mutex
	config map[string][]byte
	cache  map[string][]byte
}

func (o *ops) ReadRemote(path string) ([]byte, error) {
	atomic.AddInt64(&o.requests, 1)
	resp, err := o.client.Get(o.url + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return data, nil
}

func (o *ops) ReadConfig(file string) ([]byte, error) {
	if file == "key" {
		return []byte(o.key), nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.config[file], nil
}

func (o *ops) WriteConfig(file string, old, new []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if string(o.config[file]) != string(old) {
		return sumdb.ErrWriteConflict
	}
	o.config[file] = new
	return nil
}

func (o *ops) ReadCache(file string) ([]byte, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if d, ok := o.cache[file]; ok {
		return d, nil
	}
	return nil, os.ErrNotExist
}

func (o *ops) WriteCache(file string, data []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cache[file] = data
}

func (o *ops) Log(msg string) {}

func (o *ops) SecurityError(msg string) {
	log.Fatal(msg)
}

type line struct{ path, version, hash string }

func main() {
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("goclient: ")
	transport := &http.Transport{MaxIdleConnsPerHost: *flagParallel + 4}
	o := &ops{
		url: strings.TrimSuffix(*flagURL, "/"), key: *flagKey,
		client: &http.Client{Transport: transport, Timeout: time.Minute},
		config: map[string][]byte{}, cache: map[string][]byte{},
	}
	client := sumdb.NewClient(o)

	failed := false
	for _, file := range strings.Split(*flagGosum, ",") {
		if !verify(client, o, readGosum(file)) {
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func readGosum(file string) []line {
	f, err := os.Open(file)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var lines []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 3 {
			log.Fatalf("malformed go.sum line %q", sc.Text())
		}
		lines = append(lines, line{fs[0], fs[1], fs[2]})
	}
	return lines
}

// verify looks every line up with -parallel lookups in flight, prints the
// summary line and reports whether every line verified.
func verify(client *sumdb.Client, o *ops, lines []line) bool {
	start := time.Now()
	requests0 := atomic.LoadInt64(&o.requests)
	var ok, mismatch, missing, errs int64
	work := make(chan line)
	var wg sync.WaitGroup
	for i := 0; i < *flagParallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range work {
				got, err := client.Lookup(l.path, l.version)
				if err != nil {
					atomic.AddInt64(&errs, 1)
					log.Printf("%s@%s: %v", l.path, l.version, err)
					continue
				}
				want := l.path + " " + l.version + " " + l.hash
				found, same := false, false
				for _, g := range got {
					if strings.HasPrefix(g, l.path+" "+l.version+" h1:") {
						found = true
						same = same || g == want
					}
				}
				switch {
				case same:
					atomic.AddInt64(&ok, 1)
				case found:
					atomic.AddInt64(&mismatch, 1)
				default:
					atomic.AddInt64(&missing, 1)
				}
			}
		}()
	}
	for _, l := range lines {
		work <- l
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	fmt.Printf("lines %d ok %d mismatch %d missing %d errors %d requests %d parallel %d wall_ms %d\n",
		len(lines), ok, mismatch, missing, errs, atomic.LoadInt64(&o.requests)-requests0, *flagParallel, elapsed.Milliseconds())
	return ok == int64(len(lines))
}
