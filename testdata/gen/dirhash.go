package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/ioutil"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/dirhash"
)

type zipFile struct {
	name    string
	content []byte
	store   bool // zip.Store instead of zip.Deflate
}

type zipVec struct {
	Zip    string       `json:"zip"`    // file name next to this JSON
	Prefix string       `json:"prefix"` // every entry starts with prefix + "/" (HashDir of the extracted tree with this prefix gives the same hash)
	Hash   string       `json:"hash1"`  // dirhash.HashZip(zip, dirhash.Hash1)
	Files  []fileDigest `json:"files"`  // sorted as Hash1 sorts them (Go string order = UTF-8 byte order)
}

type fileDigest struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

type goModVec struct {
	Content string `json:"content"`
	Hash    string `json:"hash"`
}

type hash1Vec struct {
	Name    string      `json:"name"`
	Files   []hash1File `json:"files,omitempty"`
	Hash    string      `json:"hash,omitempty"`
	GoError string      `json:"goError,omitempty"`
}

type hash1File struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// zipTime is the fixed modification time of every entry (metadata is not hashed).
var zipTime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

func makeZip(files []zipFile) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		m := zip.Deflate
		if f.store {
			m = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.name, Method: m, Modified: zipTime})
		check(err)
		_, err = fw.Write(f.content)
		check(err)
	}
	check(w.Close())
	return buf.Bytes()
}

func genDirhash() {
	big := make([]byte, 20000)
	newDetRand("sumdb4j dirhash big").Read(big)
	for i := range big {
		big[i] = 'a' + big[i]%16 // compressible text
	}
	p := "example.com/m@v1.0.0"
	zips := map[string][]zipFile{
		"simple.zip": {
			{p + "/go.mod", []byte("module example.com/m\n\ngo 1.13\n"), false},
			{p + "/m.go", []byte("package m\n\nfunc Foo() int { return 42 }\n"), false},
			{p + "/cmd/hello/hello.go", []byte("package main\n\nimport (\n  \"fmt\"\n  \"example.com/m\"\n)\n\nfunc main() {\n  fmt.Println(m.Foo())\n}\n"), false},
		},
		"unicode-order.zip": {
			{"m@v1/B", nil, false}, {"m@v1/a", nil, true}, {"m@v1/é", nil, false},
			{"m@v1/😀", nil, false}, {"m@v1/Ａ", nil, false},
		},
		"sorting-edges.zip": {
			{"x.y/z@v0.1.0/a/b", []byte("a/b\n"), false},
			{"x.y/z@v0.1.0/a.b", []byte("a.b\n"), true},
			{"x.y/z@v0.1.0/a-b", []byte("a-b\n"), false},
			{"x.y/z@v0.1.0/a b", []byte("a space b\n"), false},
			{"x.y/z@v0.1.0/A", []byte("capital A\n"), false},
			{"x.y/z@v0.1.0/ab", []byte{}, false},
			{"x.y/z@v0.1.0/a/c/d", []byte("deeper\n"), false},
			{"x.y/z@v0.1.0/a0", []byte("zero"), false},
			{"x.y/z@v0.1.0/a_", []byte("under"), false},
			{"x.y/z@v0.1.0/a~", []byte("tilde"), false},
			{"x.y/z@v0.1.0/Ω/ω", []byte("omega\n"), false},
			{"x.y/z@v0.1.0/ä", []byte("a-umlaut precomposed\n"), false},
			{"x.y/z@v0.1.0/a\u0308", []byte("a + combining diaeresis\n"), false},
			{"x.y/z@v0.1.0/\U00010000", []byte("first supplementary\n"), false},
			{"x.y/z@v0.1.0/\uffff", []byte("last BMP\n"), false},
			{"x.y/z@v0.1.0/big.txt", big, false},
			{"x.y/z@v0.1.0/crlf.txt", []byte("line\r\nline\r\n"), true},
			{"x.y/z@v0.1.0/go.mod", []byte("module x.y/z\n"), false},
		},
		"empty.zip": {},
	}
	var vs []zipVec
	for _, name := range []string{"simple.zip", "unicode-order.zip", "sorting-edges.zip", "empty.zip"} {
		files := zips[name]
		data := makeZip(files)
		writeFile("dirhash/"+name, data)
		h, err := dirhash.HashZip(filepath.Join(*outDir, "dirhash", name), dirhash.Hash1)
		check(err)
		prefix := ""
		if len(files) > 0 {
			// The module root: everything up to the first "/" after the "@".
			n := files[0].name
			at := strings.Index(n, "@")
			prefix = n[:at+strings.Index(n[at:], "/")]
		}
		ds := []fileDigest{}
		for _, f := range files {
			sum := sha256.Sum256(f.content)
			ds = append(ds, fileDigest{f.name, hex.EncodeToString(sum[:])})
		}
		sortDigests(ds)
		vs = append(vs, zipVec{name, prefix, h, ds})
	}

	var gm []goModVec
	for _, c := range []string{"", "module example.com/m\n", "module rsc.io/quote\n", "module x.y/z\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/mod v0.7.0\n)\n",
		"module example.com/ünïcode\n", "module m\r\n", "no final newline"} {
		gm = append(gm, goModVec{c, goModHash([]byte(c))})
	}

	var h1 []hash1Vec
	for _, c := range []struct {
		name  string
		files []hash1File
	}{
		{"upstream-xyz-abc", []hash1File{{"xyz", "data for xyz"}, {"abc", "data for abc"}}},
		{"no-files", nil},
		{"newline-in-name", []hash1File{{"abc", "x"}, {"a\nbc", "y"}}},
		{"one-empty-file", []hash1File{{"f", ""}}},
		{"utf8-byte-order", []hash1File{{"Ａ", "fullwidth"}, {"😀", "emoji"}, {"z", "z"}, {"é", "e-acute"}}},
	} {
		var names []string
		content := map[string]string{}
		for _, f := range c.files {
			names = append(names, f.Name)
			content[f.Name] = f.Content
		}
		h, err := dirhash.Hash1(names, func(n string) (io.ReadCloser, error) {
			return ioutil.NopCloser(strings.NewReader(content[n])), nil
		})
		v := hash1Vec{Name: c.name, Files: c.files, Hash: h}
		if err != nil {
			v.GoError = err.Error()
		}
		h1 = append(h1, v)
	}

	writeJSON("dirhash/dirhash.json", merge(header("dirhash.Hash1 of the zips next to this file (HashZip; entries are regular files only, "+
		"no directory entries, no duplicates; made with archive/zip, fixed timestamps), with the per-file SHA-256 in Hash1's order; "+
		"Hash1 over in-memory files given as name/content (goError when Go rejects); the go.mod hash "+
		"(Hash1 of the single file \"go.mod\") of a few contents.", "dirhash.go"),
		map[string]interface{}{"zips": vs, "hash1": h1, "goMod": gm}))
}

func goModHash(content []byte) string {
	h, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return ioutil.NopCloser(bytes.NewReader(content)), nil
	})
	check(err)
	return h
}

func sortDigests(ds []fileDigest) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Name < ds[j-1].Name; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}
