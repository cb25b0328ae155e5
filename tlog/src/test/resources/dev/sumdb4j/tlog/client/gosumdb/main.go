// Command gosumdb serves golang.org/x/mod's sumdb.TestServer on 127.0.0.1 for sumdb4j's
// integration tests. Usage: gosumdb <signer key>. It prints its base URL on the first line of
// stdout, then serves until killed. A module's go.sum lines are
// "<path> <version> h1:<base64 SHA-256 of "<path> <version>">" and the same for "<version>/go.mod";
// modules under notfound.example do not exist (404).
//
// Build in GOPATH mode: GO111MODULE=off GOPATH=/usr/share/gocode go build -o gosumdb main.go
package main

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	"golang.org/x/mod/sumdb"
)

func h1(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "h1:" + base64.StdEncoding.EncodeToString(sum[:])
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: gosumdb <signer key>")
	}
	gosum := func(path, vers string) ([]byte, error) {
		if strings.HasPrefix(path, "notfound.example") {
			return nil, os.ErrNotExist
		}
		mod := path + " " + vers
		gomod := path + " " + vers + "/go.mod"
		return []byte(mod + " " + h1(mod) + "\n" + gomod + " " + h1(gomod) + "\n"), nil
	}
	srv := sumdb.NewServer(sumdb.NewTestServer(os.Args[1], gosum))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", l.Addr())
	os.Stdout.Sync()
	log.Fatal(http.Serve(l, srv))
}
