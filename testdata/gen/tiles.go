package main

import (
	"encoding/base64"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

type tileVec struct {
	H    int    `json:"height"`
	L    int    `json:"level"`
	N    int64  `json:"index"`
	W    int    `json:"width"`
	Path string `json:"path"`
}

func tv(t tlog.Tile) tileVec { return tileVec{t.H, t.L, t.N, t.W, t.Path()} }

type badPathVec struct {
	Path    string `json:"path"`
	GoError string `json:"goError"`
}

type forIndexVec struct {
	H     int     `json:"height"`
	Index int64   `json:"storedIndex"`
	Tile  tileVec `json:"tile"`
}

type hashFromTileVec struct {
	Tile        tileVec `json:"tile"`
	DataB64     string  `json:"dataB64"`
	StoredIndex int64   `json:"storedIndex"`
	Hash        string  `json:"hash"`
}

func genTiles() {
	// Path table: every (H, L, N, W) combination below; each path parses back to the same tile.
	var table []tileVec
	for h := 1; h <= 30; h++ {
		for _, l := range []int{-1, 0, 5, 63} {
			for _, n := range []int64{0, 999, 1000, 1234067, 1000000000, 123456789012345} {
				for k, w := range []int{1, 1<<uint(h) - 1, 1 << uint(h)} {
					if k == 1 && h == 1 {
						continue // 2^H - 1 = 1
					}
					t := tlog.Tile{H: h, L: l, N: n, W: w}
					p, err := tlog.ParseTilePath(t.Path())
					check(err)
					if p != t {
						panic(fmt.Sprintf("round trip %v -> %v", t, p))
					}
					table = append(table, tv(t))
				}
			}
		}
	}
	// Strings ParseTilePath rejects (the generator checks each).
	cands := []string{
		"", "tile", "tile/8/0", "tile/8/0/", "tiles/8/0/000", "/tile/8/0/000", "tile/8/0/000/",
		"tile/3/5/123/456/078", "tile/3/-1/123/456/078", "tile/8/0/001.p/256", "tile/8/0/001.p/0",
		"tile/8/0/01", "tile/8/0/0001", "tile/8/0/x000/001", "tile/8/00/001", "tile/08/0/001", "tile/31/0/001",
		"tile/0/0/001", "tile/-1/0/001", "tile/8/0/1000", "tile/8/-1/000", "tile/8/0/x1000/000", "tile/8/0/000.p/+3",
		"tile/8/0/000.p/03", "tile/8/0/000.p/-1", "tile/8/0/000.p/", "tile/8/0/000.p", "tile/8/0/000.q/3", "tile/8/0/+00",
		"tile/8/0/-00", "tile/8/0/x01/000", "tile/8/0/001/000", "tile/8/data/x000/000", "tile/8/DATA/000", "tile/8/ 0/000",
		"tile/8/0/000 ", "tile/8/0/000.p/3/", "tile/8/0/000.p/3.p/2", "tile/1/0/000.p/2", "tile/30/0/000.p/1073741824",
		"tile/8/0/x999/x999/x999/x999/x999/x999/x999/999", "tile/8/0/٠٠٠", "tile/８/0/000",
	}
	var bad []badPathVec
	for _, c := range cands {
		_, err := tlog.ParseTilePath(c)
		if err == nil {
			panic("ParseTilePath accepts " + c)
		}
		bad = append(bad, badPathVec{c, err.Error()})
	}
	// TileForIndex.
	var fi []forIndexVec
	for _, h := range []int{1, 2, 3, 8, 10} {
		for idx := int64(0); idx < 70; idx++ {
			fi = append(fi, forIndexVec{h, idx, tv(tlog.TileForIndex(h, idx))})
		}
	}
	rnd := newDetRand("sumdb4j tile index")
	for _, h := range []int{1, 2, 4, 8, 10, 16, 30} {
		for _, idx := range []int64{254, 255, 256, 510, 511, 512, 1000, 100000, 1<<31 - 1, 1 << 40,
			tlog.StoredHashIndex(0, 1<<40), tlog.StoredHashIndex(40, 0), tlog.StoredHashIndex(16, 12345)} {
			fi = append(fi, forIndexVec{h, idx, tv(tlog.TileForIndex(h, idx))})
		}
		for k := 0; k < 10; k++ {
			idx := rnd.Int63n(1 << 50)
			fi = append(fi, forIndexVec{h, idx, tv(tlog.TileForIndex(h, idx))})
		}
	}
	// HashFromTile on tiles of the record tree (ReadTileData over the 300-record tree).
	m := buildTree(maxRecords)
	r := m.reader()
	var hft []hashFromTileVec
	for _, h := range []int{1, 2, 3, 4, 8} {
		for idx := int64(0); idx < int64(len(m.hashes)); idx += int64(1 + rnd.Int63n(40*int64(h))) {
			t := tlog.TileForIndex(h, idx)
			data, err := tlog.ReadTileData(t, r)
			check(err)
			got, err := tlog.HashFromTile(t, data, idx)
			check(err)
			if got != m.hashes[idx] {
				panic("HashFromTile mismatch")
			}
			hft = append(hft, hashFromTileVec{tv(t), base64.StdEncoding.EncodeToString(data), idx, got.String()})
		}
	}
	// Data tiles: today's sum.golang.org format versus 0.7.0's server.
	var texts []string
	var want, v070 []byte
	for i := int64(256); i < 260; i++ {
		texts = append(texts, string(recordText(i)))
		want = append(append(want, recordText(i)...), '\n')
		msg, err := tlog.FormatRecord(i, recordText(i))
		check(err)
		v070 = append(v070, msg...)
	}
	writeJSON("tile/tiles.json", merge(header("Tile coordinates: paths (Tile.Path) of a table of tiles, each of which ParseTilePath maps back "+
		"to the same tile; strings ParseTilePath rejects; TileForIndex for stored indexes; HashFromTile over tiles "+
		"of the record tree of tlog/tree.json (data from ReadTileData); a data tile.", "tiles.go"),
		map[string]interface{}{
			"paths":        table,
			"badPaths":     bad,
			"forIndex":     fi,
			"hashFromTile": hft,
			"dataTile": map[string]interface{}{
				"tile":        tv(tlog.Tile{H: 8, L: -1, N: 1, W: 4}),
				"records":     texts,
				"want":        string(want),
				"goV070Bytes": string(v070),
				"divergence": "x/mod v0.7.0's sumdb.Server serves data tiles as FormatRecord(id, text) per record (\"<id>\\n<text>\\n\"); " +
					"sum.golang.org serves each record text followed by one blank line, with no id. want is the sum.golang.org format; goV070Bytes is informational only.",
			},
		}))
}
