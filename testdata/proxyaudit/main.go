// Command proxyaudit is the Go reference side of sumdb4j's proxy-audit tests
// (golang.org/x/mod 0.7.0 from Debian). Build in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o proxyaudit .
//
// Subcommands:
//
//	check   reads lines "path version zipfile" on stdin and prints, for each, one
//	        line "<zip.CheckZip error>\t<dirhash.HashZip>\t<its error>" (empty fields
//	        when there is none; newlines in errors written as " | ")
//	fold    prints "<hex code point> <hex fold>" for every code point whose
//	        strToFold (x/mod/zip's case-fold key) differs from itself
//	serve   serves the records of FILE (go.sum texts separated by blank lines) with
//	        sumdb.NewServer on 127.0.0.1; prints the URL and the verifier key, and
//	        exits when stdin is closed
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
	"golang.org/x/mod/zip"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("proxyaudit: ")
	if len(os.Args) < 2 {
		log.Fatal("usage: proxyaudit check|fold|serve FILE")
	}
	switch os.Args[1] {
	case "check":
		check()
	case "fold":
		fold()
	case "serve":
		if len(os.Args) != 3 {
			log.Fatal("usage: proxyaudit serve FILE")
		}
		serve(os.Args[2])
	default:
		log.Fatalf("unknown subcommand %q", os.Args[1])
	}
}

func check() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	flat := func(s string) string { return strings.ReplaceAll(s, "\n", " | ") }
	for in.Scan() {
		f := strings.SplitN(in.Text(), " ", 3)
		if len(f) != 3 {
			log.Fatalf("bad line %q", in.Text())
		}
		var checkErr, hash, hashErr string
		if _, err := zip.CheckZip(module.Version{Path: f[0], Version: f[1]}, f[2]); err != nil {
			checkErr = err.Error()
		}
		if h, err := dirhash.HashZip(f[2], dirhash.Hash1); err != nil {
			hashErr = err.Error()
		} else {
			hash = h
		}
		fmt.Fprintf(out, "%s\t%s\t%s\n", flat(checkErr), hash, flat(hashErr))
	}
}

// strToFold is x/mod/zip's (unexported) case-fold key, copied verbatim.
func strToFold(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			goto Slow
		}
	}
	return s

Slow:
	var buf bytes.Buffer
	for _, r := range s {
		for {
			r0 := r
			r = unicode.SimpleFold(r0)
			if r <= r0 {
				break
			}
		}
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		buf.WriteRune(r)
	}
	return buf.String()
}

func fold() {
	w := bufio.NewWriter(os.Stdout)
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		if f := strToFold(s); f != s {
			fr, _ := utf8.DecodeRuneInString(f)
			fmt.Fprintf(w, "%x %x\n", r, fr)
		}
	}
	w.Flush()
}

type memLog struct {
	mu      sync.RWMutex
	hashes  []tlog.Hash
	records [][]byte
	lookup  map[string]int64
	signed  []byte
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

func (l *memLog) Signed(ctx context.Context) ([]byte, error) { return l.signed, nil }

func (l *memLog) ReadRecords(ctx context.Context, id, n int64) ([][]byte, error) {
	if id < 0 || n < 0 || id+n > int64(len(l.records)) {
		return nil, os.ErrNotExist
	}
	return l.records[id : id+n], nil
}

func (l *memLog) Lookup(ctx context.Context, m module.Version) (int64, error) {
	id, ok := l.lookup[m.Path+"@"+m.Version]
	if !ok {
		return 0, os.ErrNotExist
	}
	return id, nil
}

func (l *memLog) ReadTileData(ctx context.Context, t tlog.Tile) ([]byte, error) {
	return tlog.ReadTileData(t, hashesReader(l.hashes))
}

func serve(file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, "proxyaudit.go.test")
	if err != nil {
		log.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		log.Fatal(err)
	}
	l := &memLog{lookup: map[string]int64{}}
	for _, rec := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		text := []byte(strings.TrimSpace(rec) + "\n")
		f := strings.Fields(string(text))
		if len(f) < 3 {
			log.Fatalf("bad record %q", text)
		}
		id := int64(len(l.records))
		hs, err := tlog.StoredHashes(id, text, hashesReader(l.hashes))
		if err != nil {
			log.Fatal(err)
		}
		l.hashes = append(l.hashes, hs...)
		l.records = append(l.records, text)
		l.lookup[f[0]+"@"+strings.TrimSuffix(f[1], "/go.mod")] = id
	}
	size := int64(len(l.records))
	th, err := tlog.TreeHash(size, hashesReader(l.hashes))
	if err != nil {
		log.Fatal(err)
	}
	l.signed, err = note.Sign(&note.Note{Text: string(tlog.FormatTree(tlog.Tree{N: size, Hash: th}))}, signer)
	if err != nil {
		log.Fatal(err)
	}
	srv := sumdb.NewServer(l)
	mux := http.NewServeMux()
	for _, p := range sumdb.ServerPaths {
		mux.Handle(p, srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n%s\n", ln.Addr(), vkey)
	os.Stdout.Sync()
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	log.Fatal(http.Serve(ln, mux))
}
