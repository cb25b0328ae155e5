package main

import (
	"crypto/sha256"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// recordText is the text of record i of the "record tree": "record <i>\n".
func recordText(i int64) []byte { return []byte(fmt.Sprintf("record %d\n", i)) }

const maxRecords = 300

// memTree is an in-memory log of the first maxRecords records.
type memTree struct{ hashes []tlog.Hash }

func (m *memTree) reader() tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = m.hashes[x]
		}
		return out, nil
	})
}

func buildTree(n int64) *memTree {
	m := &memTree{}
	for i := int64(0); i < n; i++ {
		hs, err := tlog.StoredHashes(i, recordText(i), m.reader())
		check(err)
		m.hashes = append(m.hashes, hs...)
	}
	return m
}

type sizeVec struct {
	Size            int64  `json:"size"`
	Hash            string `json:"hash"`
	StoredHashCount int64  `json:"storedHashCount"`
}

type inclusionVec struct {
	Size  int64    `json:"size"`
	Index int64    `json:"index"`
	Proof []string `json:"proof"`
}

type consistencyVec struct {
	Size    int64    `json:"size"`
	OldSize int64    `json:"oldSize"`
	Proof   []string `json:"proof"`
}

func strs(hs []tlog.Hash) []string {
	out := []string{}
	for _, h := range hs {
		out = append(out, h.String())
	}
	return out
}

func treeHash(n int64, r tlog.HashReader) tlog.Hash {
	h, err := tlog.TreeHash(n, r)
	check(err)
	return h
}

func genTlog() {
	m := buildTree(maxRecords)
	r := m.reader()
	var sizes []sizeVec
	for n := int64(1); n <= maxRecords; n++ {
		sizes = append(sizes, sizeVec{n, treeHash(n, r).String(), tlog.StoredHashCount(n)})
	}
	var recordHashes []string
	for i := int64(0); i < maxRecords; i++ {
		recordHashes = append(recordHashes, tlog.RecordHash(recordText(i)).String())
	}
	emptySHA := sha256.Sum256(nil)
	writeJSON("tlog/tree.json", merge(header(fmt.Sprintf("The record tree: record i (0-based) has data \"record <i>\\n\" (ASCII, ending in one LF). "+
		"recordHashes[i] = RecordHash(record i); storedHashes = every stored hash of the %d-record tree in stored-index order "+
		"(what StoredHashes returns record by record); sizes = TreeHash and StoredHashCount for sizes 1..%d.", maxRecords, maxRecords), "tlog.go"),
		map[string]interface{}{
			"recordFormat": "record %d\n",
			"emptyTree": map[string]interface{}{
				"size":       0,
				"hash":       tlog.Hash(emptySHA).String(),
				"divergence": "x/mod v0.7.0 TreeHash(0) returns 32 zero bytes (" + treeHash(0, r).String() + "); today's x/mod and RFC 6962 give SHA-256(\"\"), which is the expectation here.",
			},
			"recordHashes": recordHashes,
			"storedHashes": strs(m.hashes),
			"sizes":        sizes,
		}))

	// Proofs for every (size, index) and (size, oldSize) with size <= 40.
	var incl []inclusionVec
	var cons []consistencyVec
	for t := int64(1); t <= 40; t++ {
		for i := int64(0); i < t; i++ {
			incl = append(incl, inclusion(t, i, r))
		}
		for o := int64(1); o <= t; o++ {
			cons = append(cons, consistency(t, o, r))
		}
	}
	writeJSON("tlog/proofs-small.json", merge(header("Inclusion proofs (ProveRecord) for every (size, index) and consistency proofs (ProveTree) "+
		"for every (size, oldSize) with 1 <= oldSize <= size <= 40, over the record tree of tree.json. Each proof checks against tree.json's hashes.", "tlog.go"),
		map[string]interface{}{"inclusion": incl, "consistency": cons}))

	// Deterministic sample for sizes 41..300.
	rnd := newDetRand("sumdb4j tlog sample")
	incl, cons = nil, nil
	for t := int64(41); t <= maxRecords; t++ {
		for k := 0; k < 2; k++ {
			incl = append(incl, inclusion(t, rnd.Int63n(t), r))
			cons = append(cons, consistency(t, 1+rnd.Int63n(t), r))
		}
	}
	// And the edges.
	for _, t := range []int64{64, 127, 128, 129, 255, 256, 257, 300} {
		incl = append(incl, inclusion(t, 0, r), inclusion(t, t-1, r))
		cons = append(cons, consistency(t, 1, r), consistency(t, t-1, r), consistency(t, t, r))
	}
	writeJSON("tlog/proofs-sample.json", merge(header("A deterministic sample (SHA-256 stream seeded \"sumdb4j tlog sample\") of inclusion and consistency "+
		"proofs for sizes 41..300 over the record tree of tree.json (two of each per size), plus edge cases.", "tlog.go"),
		map[string]interface{}{"inclusion": incl, "consistency": cons}))

	genVirtual()
}

func inclusion(t, i int64, r tlog.HashReader) inclusionVec {
	p, err := tlog.ProveRecord(t, i, r)
	check(err)
	check(tlog.CheckRecord(p, t, treeHash(t, r), i, tlog.RecordHash(recordText(i))))
	return inclusionVec{t, i, strs(p)}
}

func consistency(t, o int64, r tlog.HashReader) consistencyVec {
	p, err := tlog.ProveTree(t, o, r)
	check(err)
	check(tlog.CheckTree(p, t, treeHash(t, r), o, treeHash(o, r)))
	return consistencyVec{t, o, strs(p)}
}

// virtualLeaf is the data of every record of the virtual tree.
var virtualLeaf = []byte("sumdb4j virtual leaf\n")

type virtualVec struct {
	Size        int64    `json:"size"`
	Hash        string   `json:"hash"`
	Index       int64    `json:"index"`
	Inclusion   []string `json:"inclusion"`
	OldSize     int64    `json:"oldSize"`
	OldHash     string   `json:"oldHash"`
	Consistency []string `json:"consistency"`
}

// genVirtual: a virtual tree whose records are all virtualLeaf, so the complete subtree of level L
// has one hash per level, and a HashReader maps stored index -> level -> that hash.
func genVirtual() {
	var level [64]tlog.Hash
	level[0] = tlog.RecordHash(virtualLeaf)
	for l := 1; l < 64; l++ {
		level[l] = tlog.NodeHash(level[l-1], level[l-1])
	}
	r := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			l, _ := tlog.SplitStoredHashIndex(x)
			out[i] = level[l]
		}
		return out, nil
	})
	rnd := newDetRand("sumdb4j virtual tree")
	var vs []virtualVec
	sizes := []int64{1, 2, 3, 1 << 20, 1<<20 + 1, 1<<32 - 1, 1 << 32, 1<<32 + 1, 1<<40 - 1, 1 << 40}
	for k := 0; k < 30; k++ {
		sizes = append(sizes, 1+rnd.Int63n(1<<40))
	}
	for _, t := range sizes {
		th := treeHash(t, r)
		i := rnd.Int63n(t)
		p, err := tlog.ProveRecord(t, i, r)
		check(err)
		check(tlog.CheckRecord(p, t, th, i, level[0]))
		o := 1 + rnd.Int63n(t)
		oh := treeHash(o, r)
		q, err := tlog.ProveTree(t, o, r)
		check(err)
		check(tlog.CheckTree(q, t, th, o, oh))
		vs = append(vs, virtualVec{t, th.String(), i, strs(p), o, oh.String(), strs(q)})
	}
	levels := []string{}
	for _, h := range level {
		levels = append(levels, h.String())
	}
	writeJSON("tlog/virtual.json", merge(header("A virtual tree of up to 2^40 identical records (data = leafText). The complete subtree of "+
		"level L has hash levelHashes[L] (levelHashes[0] = RecordHash(leafText), levelHashes[L+1] = NodeHash(levelHashes[L], levelHashes[L])), "+
		"so a HashReader mapping stored index -> SplitStoredHashIndex level -> levelHashes[level] serves any size. "+
		"For each size: TreeHash, an inclusion proof for a random index, a consistency proof from a random old size.", "tlog.go"),
		map[string]interface{}{"leafText": string(virtualLeaf), "levelHashes": levels, "vectors": vs}))
}
