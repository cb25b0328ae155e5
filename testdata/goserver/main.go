// Command goserver serves a generated Go checksum database with the reference
// implementation (golang.org/x/mod 0.7.0, sumdb.NewServer) on 127.0.0.1, for
// sumdb4j's integration tests and benchmarks.
//
// Build (GOPATH mode, Debian's golang-golang-x-mod-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o goserver .
//
// On startup it prints two lines on stdout: the base URL and the verifier key.
// It then serves until it is killed or its stdin is closed.
//
// The log is deterministic: record i is the go.sum text of one module version
// (see record below) whose hashes derive from -seed; with -fork-at K every
// record from K on derives from another seed, so a server started with the same
// key and -fork-at K presents a forked history (same size, different tree).
//
// Administrative endpoints (not part of the sumdb protocol):
//
//	/admin/grow    appends the next -grow records; replies with the new size
//	/admin/stats   request counters as JSON; /admin/stats?reset=1 also resets them
//
// SIGUSR1 also grows the log by -grow records.
//
// With -tls-cert and -tls-key it serves HTTPS (HTTP/2 offered by ALPN) and
// prints an https:// URL; /admin/stats then counts the requests that came over
// HTTP/2 ("http2"). With -tls-self-signed FILE instead it makes a new ECDSA key
// and a self-signed certificate for 127.0.0.1 and localhost, valid for a day,
// writes the certificate as PEM to FILE (for the clients' SSL_CERT_FILE) and
// serves HTTPS with it; the key never leaves the process.
package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var (
	flagN          = flag.Int64("n", 100000, "number of records in the initial log (>= 1)")
	flagSeed       = flag.Int64("seed", 1, "seed of the fake h1 hashes")
	flagName       = flag.String("name", "sumdb4j.test", "database (key) name")
	flagSkey       = flag.String("skey", "", "signer key text PRIVATE+KEY+...; default: derived from -name and -key-seed")
	flagKeySeed    = flag.String("key-seed", "sumdb4j-goserver", "seed of the derived signer key when -skey is not given")
	flagForkAt     = flag.Int64("fork-at", -1, "records from this index on use a different hash seed (a fork)")
	flagGrow       = flag.Int64("grow", 0, "records added by each /admin/grow or SIGUSR1")
	flagGosum      = flag.String("gosum", "", "write the go.sum lines of the selected records to this file")
	flagGosumStep  = flag.Int64("gosum-step", 1, "select every step-th record for -gosum")
	flagGosumStart = flag.Int64("gosum-start", 0, "first record selected for -gosum")
	flagGosumMax   = flag.Int64("gosum-max", 0, "at most this many records for -gosum (0 = no limit)")
	flagGosumMod   = flag.Int64("gosum-gomod-only", 0, "every k-th selected record contributes only its /go.mod line (0 = never)")
	flagGosumSets  = flag.Int64("gosum-sets", 1, "with K > 1, write K go.sum files FILE.0 ... FILE.K-1, the j-th selecting from record -gosum-start + j on (disjoint sets while K <= -gosum-step)")
	flagLatency    = flag.Duration("latency", 0, "delay added to every sumdb request")
	flagAddr       = flag.String("addr", "127.0.0.1:0", "listen address")
	flagExitOnEOF  = flag.Bool("exit-on-eof", true, "exit when stdin reaches end of file (the parent went away)")
	flagTLSCert    = flag.String("tls-cert", "", "serve HTTPS (and HTTP/2) with this PEM certificate chain")
	flagTLSKey     = flag.String("tls-key", "", "the PEM private key of -tls-cert")
	flagSelfSigned = flag.String("tls-self-signed", "", "serve HTTPS with a new self-signed certificate for 127.0.0.1, written as PEM to this file")
)

// record returns the path, version and record text (go.sum lines) of record i.
// Paths are deterministic; a few are capitalised (escaping), pseudo-versions
// and +incompatible versions also appear.
func record(i int64) (path, version string, text []byte) {
	switch {
	case i%50 == 7:
		path = fmt.Sprintf("github.com/Example%d/Mod-X%d", i%13, i)
		version = fmt.Sprintf("v1.%d.0-RC.%d", i%5, i%11+1)
	case i%50 == 19:
		path = fmt.Sprintf("example.org/pseudo%d", i)
		version = fmt.Sprintf("v0.0.0-2020%02d%02d%06d-%012x", i%12+1, i%28+1, i%1000000, uint64(i)*2654435761%(1<<48))
	case i%50 == 31:
		path = fmt.Sprintf("example.net/inc%d", i)
		version = fmt.Sprintf("v3.%d.%d+incompatible", i%4, i%9)
	default:
		path = fmt.Sprintf("example.com/m%d/v2", i/4)
		version = fmt.Sprintf("v2.%d.%d", i%4, i%7)
	}
	seed := *flagSeed
	if *flagForkAt >= 0 && i >= *flagForkAt {
		seed = seed*1000003 + 77
	}
	zip := fakeHash(seed, "zip", path, version)
	mod := fakeHash(seed, "mod", path, version)
	text = []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", path, version, zip, path, version, mod))
	return path, version, text
}

func fakeHash(seed int64, kind, path, version string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d/%s/%s@%s", seed, kind, path, version)))
	return "h1:" + base64.StdEncoding.EncodeToString(sum[:])
}

// log is the in-memory log served through sumdb.ServerOps.
type memLog struct {
	signer note.Signer

	mu      sync.RWMutex
	hashes  []tlog.Hash
	records [][]byte
	lookup  map[string]int64
	signed  []byte // signed note of the current size
}

type hashesReader []tlog.Hash

func (h hashesReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	list := make([]tlog.Hash, len(indexes))
	for i, id := range indexes {
		if id < 0 || id >= int64(len(h)) {
			return nil, os.ErrNotExist
		}
		list[i] = h[id]
	}
	return list, nil
}

// appendRecords adds records up to (excluding) index end and re-signs.
func (l *memLog) appendRecords(end int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := int64(len(l.records)); i < end; i++ {
		path, version, text := record(i)
		key := path + "@" + version
		if _, dup := l.lookup[key]; dup {
			return fmt.Errorf("duplicate module version %s at record %d", key, i)
		}
		hs, err := tlog.StoredHashes(i, text, hashesReader(l.hashes))
		if err != nil {
			return err
		}
		l.hashes = append(l.hashes, hs...)
		l.records = append(l.records, text)
		l.lookup[key] = i
	}
	size := int64(len(l.records))
	th, err := tlog.TreeHash(size, hashesReader(l.hashes))
	if err != nil {
		return err
	}
	signed, err := note.Sign(&note.Note{Text: string(tlog.FormatTree(tlog.Tree{N: size, Hash: th}))}, l.signer)
	if err != nil {
		return err
	}
	l.signed = signed
	return nil
}

func (l *memLog) size() int64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return int64(len(l.records))
}

func (l *memLog) Signed(ctx context.Context) ([]byte, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.signed, nil
}

func (l *memLog) ReadRecords(ctx context.Context, id, n int64) ([][]byte, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if id < 0 || n < 0 || id+n > int64(len(l.records)) {
		return nil, os.ErrNotExist
	}
	return l.records[id : id+n], nil
}

func (l *memLog) Lookup(ctx context.Context, m module.Version) (int64, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	id, ok := l.lookup[m.Path+"@"+m.Version]
	if !ok {
		return 0, os.ErrNotExist
	}
	return id, nil
}

func (l *memLog) ReadTileData(ctx context.Context, t tlog.Tile) ([]byte, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return tlog.ReadTileData(t, hashesReader(l.hashes))
}

// signerKey returns the signer key text: -skey, or one derived from -key-seed.
func signerKey() (string, error) {
	if *flagSkey != "" {
		return *flagSkey, nil
	}
	seed := sha256.Sum256([]byte(*flagKeySeed + "\n" + *flagName))
	skey, _, err := note.GenerateKey(&detReader{state: seed}, *flagName)
	return skey, err
}

// verifierKey derives the verifier key text from a PRIVATE+KEY+name+hash+b64 text.
func verifierKey(skey string) (string, error) {
	f := strings.SplitN(skey, "+", 5)
	if len(f) != 5 || f[0] != "PRIVATE" || f[1] != "KEY" {
		return "", fmt.Errorf("malformed signer key")
	}
	priv, err := base64.StdEncoding.DecodeString(f[4])
	if err != nil || len(priv) != 1+ed25519.SeedSize || priv[0] != 1 {
		return "", fmt.Errorf("malformed signer key data")
	}
	pub := ed25519.NewKeyFromSeed(priv[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(f[2], pub)
}

// detReader is a deterministic byte stream (SHA-256 in counter mode).
type detReader struct {
	state [32]byte
	ctr   uint64
	buf   []byte
}

func (r *detReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) {
		var c [8]byte
		binary.BigEndian.PutUint64(c[:], r.ctr)
		r.ctr++
		block := sha256.Sum256(append(r.state[:], c[:]...))
		r.buf = append(r.buf, block[:]...)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func writeGosum(file string, start int64) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	count := int64(0)
	for i := start; i < *flagN; i += *flagGosumStep {
		if *flagGosumMax > 0 && count >= *flagGosumMax {
			break
		}
		_, _, text := record(i)
		count++
		if *flagGosumMod > 0 && count%*flagGosumMod == 0 {
			text = text[strings.IndexByte(string(text), '\n')+1:]
		}
		w.Write(text)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type stats struct {
	Requests int64 `json:"requests"`
	Lookups  int64 `json:"lookups"`
	Tiles    int64 `json:"tiles"`
	Latest   int64 `json:"latest"`
	Size     int64 `json:"size"`
	// MaxInFlight is the largest number of sumdb requests served at the same time.
	MaxInFlight int64 `json:"maxInFlight"`
	// HTTP2 is the number of sumdb requests that arrived over HTTP/2 (with -tls-cert).
	HTTP2 int64 `json:"http2"`
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("goserver: ")
	if *flagN < 1 {
		log.Fatal("-n must be >= 1 (x/mod 0.7.0 hashes the empty tree as zeros)")
	}
	if *flagGosumStep < 1 {
		log.Fatal("-gosum-step must be >= 1")
	}
	skey, err := signerKey()
	if err != nil {
		log.Fatal(err)
	}
	vkey, err := verifierKey(skey)
	if err != nil {
		log.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		log.Fatal(err)
	}
	if signer.Name() != *flagName && *flagSkey == "" {
		log.Fatal("bad key name")
	}

	start := time.Now()
	l := &memLog{signer: signer, lookup: make(map[string]int64)}
	if err := l.appendRecords(*flagN); err != nil {
		log.Fatal(err)
	}
	log.Printf("built %d records in %v", *flagN, time.Since(start))
	if *flagGosum != "" && *flagGosumSets <= 1 {
		if err := writeGosum(*flagGosum, *flagGosumStart); err != nil {
			log.Fatal(err)
		}
	}
	for j := int64(0); *flagGosum != "" && *flagGosumSets > 1 && j < *flagGosumSets; j++ {
		if err := writeGosum(fmt.Sprintf("%s.%d", *flagGosum, j), *flagGosumStart+j); err != nil {
			log.Fatal(err)
		}
	}

	var counters struct{ requests, lookups, tiles, latest, inFlight, maxInFlight, http2 int64 }
	grow := func() (int64, error) {
		if *flagGrow <= 0 {
			return 0, fmt.Errorf("growing is disabled (-grow 0)")
		}
		if err := l.appendRecords(l.size() + *flagGrow); err != nil {
			return 0, err
		}
		return l.size(), nil
	}
	srv := sumdb.NewServer(l)
	mux := http.NewServeMux()
	sumdbHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt64(&counters.requests, 1)
		if r.ProtoMajor == 2 {
			atomic.AddInt64(&counters.http2, 1)
		}
		now := atomic.AddInt64(&counters.inFlight, 1)
		defer atomic.AddInt64(&counters.inFlight, -1)
		for {
			max := atomic.LoadInt64(&counters.maxInFlight)
			if now <= max || atomic.CompareAndSwapInt64(&counters.maxInFlight, max, now) {
				break
			}
		}
		switch {
		case strings.HasPrefix(r.URL.Path, "/lookup/"):
			atomic.AddInt64(&counters.lookups, 1)
		case strings.HasPrefix(r.URL.Path, "/tile/"):
			atomic.AddInt64(&counters.tiles, 1)
		case r.URL.Path == "/latest":
			atomic.AddInt64(&counters.latest, 1)
		}
		if *flagLatency > 0 {
			time.Sleep(*flagLatency)
		}
		srv.ServeHTTP(w, r)
	})
	for _, p := range sumdb.ServerPaths {
		mux.Handle(p, sumdbHandler)
	}
	mux.HandleFunc("/admin/grow", func(w http.ResponseWriter, r *http.Request) {
		n, err := grow()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "%d\n", n)
	})
	mux.HandleFunc("/admin/stats", func(w http.ResponseWriter, r *http.Request) {
		load := atomic.LoadInt64
		if r.URL.Query().Get("reset") != "" {
			load = func(p *int64) int64 { return atomic.SwapInt64(p, 0) }
		}
		s := stats{load(&counters.requests), load(&counters.lookups), load(&counters.tiles), load(&counters.latest), l.size(),
			load(&counters.maxInFlight), load(&counters.http2)}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s)
	})

	ln, err := net.Listen("tcp", *flagAddr)
	if err != nil {
		log.Fatal(err)
	}
	scheme := "http"
	var selfSigned *tls.Certificate
	if *flagSelfSigned != "" {
		if *flagTLSCert != "" {
			log.Fatal("-tls-self-signed and -tls-cert exclude each other")
		}
		if selfSigned, err = newSelfSigned(*flagSelfSigned); err != nil {
			log.Fatal(err)
		}
	}
	if *flagTLSCert != "" || selfSigned != nil {
		scheme = "https"
	}
	fmt.Printf("%s://%s\n%s\n", scheme, ln.Addr(), vkey)
	os.Stdout.Sync()

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR1)
	go func() {
		for range sig {
			if n, err := grow(); err != nil {
				log.Print(err)
			} else {
				log.Printf("grew to %d records", n)
			}
		}
	}()
	if *flagExitOnEOF {
		go func() {
			io.Copy(io.Discard, os.Stdin)
			os.Exit(0)
		}()
	}
	if *flagTLSCert != "" {
		log.Fatal(http.ServeTLS(ln, mux, *flagTLSCert, *flagTLSKey)) // HTTP/2 offered by ALPN
	}
	if selfSigned != nil {
		srv := &http.Server{Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{*selfSigned}}}
		log.Fatal(srv.ServeTLS(ln, "", "")) // HTTP/2 offered by ALPN
	}
	log.Fatal(http.Serve(ln, mux))
}

// newSelfSigned makes an ECDSA P-256 key and a self-signed certificate for
// 127.0.0.1 and localhost, valid from an hour ago for a day, and writes the
// certificate (not the key) as PEM to certFile.
func newSelfSigned(certFile string) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "sumdb4j goserver"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
