// Command bench measures, with the Go reference (golang.org/x/mod v0.7.0), the operations the
// sumdb4j JMH benchmarks (bench/) measure, on the same inputs, so the Java/Go ratios in
// BENCHMARKS.md are measured on one machine.
//
//	cd testdata/gen/bench && GO111MODULE=off GOPATH=/usr/share/gocode go run . -realdata /work/shared/realdata
package main

import (
	"encoding/base64"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const (
	checkpoint = "checkpoints/58253265.note"
	moduleZip  = "modules/rsc.io/sampler/@v/v1.3.0.zip"
	sumKey     = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
	size       = 1 << 20
	cases      = 1024
)

var (
	realdata  = flag.String("realdata", "../../../../shared/realdata", "real-data directory")
	benchtime = flag.Duration("benchtime", 2*time.Second, "time per measurement")
	count     = flag.Int("count", 3, "measurements per benchmark (after one warm-up run)")
)

func main() {
	testing.Init()
	flag.Parse()
	check(flag.Set("test.benchtime", benchtime.String()))
	fmt.Printf("go %s %s/%s GOMAXPROCS=%d\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))

	// Note verification.
	if msg, err := os.ReadFile(filepath.Join(*realdata, checkpoint)); err != nil {
		fmt.Printf("NoteBench.openCheckpoint: skipped (%v)\n", err)
	} else {
		v, err := note.NewVerifier(sumKey)
		check(err)
		known := note.VerifierList(v)
		run("NoteBench.openCheckpoint", "us", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				n, err := note.Open(msg, known)
				check(err)
				_, err = tlog.ParseTree([]byte(n.Text))
				check(err)
			}
		})
		n, err := note.Open(msg, known)
		check(err)
		sig, err := base64.StdEncoding.DecodeString(n.Sigs[0].Base64)
		check(err)
		text := []byte(n.Text)
		run("NoteBench.verifyEd25519", "us", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if !v.Verify(text, sig[4:]) {
					check(fmt.Errorf("does not verify"))
				}
			}
		})
	}

	// Proofs in a 1M tree.
	records := make([][]byte, size)
	for i := range records {
		records[i] = []byte(fmt.Sprintf("record %d\n", i))
	}
	hashes := build(records)
	r := reader(hashes)
	th, err := tlog.TreeHash(size, r)
	check(err)
	rnd := rand.New(rand.NewSource(42))
	type inc struct {
		n    int64
		leaf tlog.Hash
		p    tlog.RecordProof
	}
	type con struct {
		n int64
		h tlog.Hash
		p tlog.TreeProof
	}
	var incs []inc
	var cons []con
	for i := 0; i < cases; i++ {
		n := rnd.Int63n(size)
		p, err := tlog.ProveRecord(size, n, r)
		check(err)
		incs = append(incs, inc{n, tlog.RecordHash(records[n]), p})
		o := 1 + rnd.Int63n(size)
		oh, err := tlog.TreeHash(o, r)
		check(err)
		q, err := tlog.ProveTree(size, o, r)
		check(err)
		cons = append(cons, con{o, oh, q})
	}
	run("ProofBench.checkInclusion", "us", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			c := &incs[i&(cases-1)]
			check(tlog.CheckRecord(c.p, size, th, c.n, c.leaf))
		}
	})
	run("ProofBench.checkConsistency", "us", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			c := &cons[i&(cases-1)]
			check(tlog.CheckTree(c.p, size, th, c.n, c.h))
		}
	})
	hashes = nil
	run("TreeBuildBench.buildTree1M", "ms", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			hs := build(records)
			_, err := tlog.TreeHash(size, reader(hs))
			check(err)
		}
	})

	// dirhash.
	zip := filepath.Join(*realdata, moduleZip)
	if _, err := os.Stat(zip); err != nil {
		fmt.Printf("DirhashBench.hashZip: skipped (%v)\n", err)
	} else {
		run("DirhashBench.hashZip", "us", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_, err := dirhash.HashZip(zip, dirhash.Hash1)
				check(err)
			}
		})
	}
}

func build(records [][]byte) []tlog.Hash {
	hashes := make([]tlog.Hash, 0, 2*len(records))
	r := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hashes[x]
		}
		return out, nil
	})
	for i, data := range records {
		hs, err := tlog.StoredHashes(int64(i), data, r)
		check(err)
		hashes = append(hashes, hs...)
	}
	return hashes
}

func reader(hashes []tlog.Hash) tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hashes[x]
		}
		return out, nil
	})
}

// run prints, like JMH's AverageTime mode, the mean time per operation over -count measurements
// (after one discarded warm-up measurement), with the min and max.
func run(name, unit string, f func(b *testing.B)) {
	div := map[string]float64{"us": 1e3, "ms": 1e6}[unit]
	testing.Benchmark(f) // warm-up
	var v []float64
	for i := 0; i < *count; i++ {
		res := testing.Benchmark(f)
		v = append(v, float64(res.T.Nanoseconds())/float64(res.N)/div)
	}
	sort.Float64s(v)
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	fmt.Printf("%-32s %12.3f %s/op  (min %.3f, max %.3f, n=%d)\n", name, sum/float64(len(v)), unit, v[0], v[len(v)-1], len(v))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
