package main

import (
	"errors"

	"golang.org/x/mod/module"
)

type pathVec struct {
	Path string `json:"path"`
	// CheckPath: ok, or Go's error text and its reason (the part after "malformed module path %q: ").
	CheckOK     bool   `json:"checkPathOk"`
	CheckError  string `json:"goError,omitempty"`
	CheckReason string `json:"goReason,omitempty"`
	// EscapePath result (only when CheckPath accepts).
	Escaped string `json:"escaped,omitempty"`
}

type versionVec struct {
	Version string `json:"version"`
	OK      bool   `json:"ok"`
	Escaped string `json:"escaped,omitempty"`
	GoError string `json:"goError,omitempty"`
}

type unescapeVec struct {
	Escaped string `json:"escaped"`
	OK      bool   `json:"ok"`
	Result  string `json:"result,omitempty"`
}

var modulePaths = []string{
	"x.y/z", "x.y", "", "/x.y/z", "x./z", ".x/z", "-x/z", "x..y/z", "x.y/z/../../w", "x.y//z",
	"x.y/z//w", "x.y/z/", "x.y/z/v0", "x.y/z/v1", "x.y/z/v2", "x.y/z/v2.0", "X.y/z", "!x.y/z", "_x.y/z",
	"x.y!/z", "x.y\"/z", "x.y#/z", "x.y$/z", "x.y%/z", "x.y&/z", "x.y'/z", "x.y(/z", "x.y)/z", "x.y*/z",
	"x.y+/z", "x.y,/z", "x.y-/z", "x.y./zt", "x.y:/z", "x.y;/z", "x.y</z", "x.y=/z", "x.y>/z", "x.y?/z",
	"x.y@/z", "x.y[/z", "x.y\\/z", "x.y]/z", "x.y^/z", "x.y_/z", "x.y`/z", "x.y{/z", "x.y}/z", "x.y~/z",
	"x.y/z!", "x.y/z\"", "x.y/z#", "x.y/z$", "x.y/z%", "x.y/z&", "x.y/z'", "x.y/z(", "x.y/z)", "x.y/z*",
	"x.y/z++", "x.y/z,", "x.y/z-", "x.y/z.t", "x.y/z/t", "x.y/z:", "x.y/z;", "x.y/z<", "x.y/z=", "x.y/z>",
	"x.y/z?", "x.y/z@", "x.y/z[", "x.y/z\\", "x.y/z]", "x.y/z^", "x.y/z_", "x.y/z`", "x.y/z{", "x.y/z}",
	"x.y/z~", "x.y/x.foo", "x.y/aux.foo", "x.y/prn", "x.y/prn2", "x.y/com", "x.y/com1", "x.y/com1.txt",
	"x.y/calm1", "x.y/z~0", "x.y/z~09", "x.y/z09", "x.y/z09~", "x.y/z09~09z", "x.y/z09~09z~09",
	"github.com/!123/logrus", "github.com/user/unicode/испытание", "../x", "./y", "x:y", `\temp\foo`,
	".gitignore", ".github/ISSUE_TEMPLATE", "x☺y", "abc", "x.y/z/v1", "gopkg.in/yaml.v2", "gopkg.in/yaml.v2/foo",
	"gopkg.in/yaml", "gopkg.in/yaml.v1.2", "x.y/z/v2/w", "x.y/z/v01", "x.y/z/V2", "x.y/z.", "x.y/z/.w", "x.y/Z",
	"github.com/GoogleCloudPlatform/omega", "github.com/Azure/azure-sdk-for-go", "rsc.io/Quote", "example.com/M",
	"golang.org/x/mod", "rsc.io/quote/v3", "github.com/go-chi/chi/v5", "k8s.io/client-go", "x.y/CON", "x.y/nul.txt",
	"x.y/lpt9", "x.y/z\x00", "x.y/z\t", "x.y/z w", "x.y/z\u00e9", "a.b.c.d.e/f", "xn--bcher-kva.example/m",
	"x.y/" + string(make([]byte, 0)) + "v2",
}

var versions = []string{
	"v1.5.2", "v1.0.0-RC1", "v0.0.0-20170915032832-14c0d48ead0c", "v2.0.0+incompatible", "latest", "v1.0.0 x",
	"v1.0.0!", "", "v1.0.0/go.mod", "CON", "v1.0.0-Beta.2+Build.X", "v1.2.3-pre", "V1.0.0", "v1.0.0:x", "v1.0.0\x00",
	"v1.0.0é", "v1.0.0~1", "master", "v1.0.0..", ".v1", "v1.0.0-ABC.def",
}

var badUnescapes = []string{
	"github.com/GoogleCloudPlatform/omega", "github.com/!google!cloud!platform!/omega",
	"github.com/!0google!cloud!platform/omega", "github.com/!_google!cloud!platform/omega",
	"github.com/!!google!cloud!platform/omega", "", "github.com/!google!cloud!platform/omega",
	"rsc.io/!quote", "x.y/z!", "x.y/!", "x.y/!Z", "x.y/z/../w",
}

func genModule() {
	var ps []pathVec
	for _, p := range modulePaths {
		v := pathVec{Path: p}
		if err := module.CheckPath(p); err != nil {
			v.CheckError = err.Error()
			var ipe *module.InvalidPathError
			if !errors.As(err, &ipe) {
				panic(err)
			}
			v.CheckReason = ipe.Err.Error()
			if _, err2 := module.EscapePath(p); err2 == nil || err2.Error() != err.Error() {
				panic("EscapePath differs from CheckPath for " + p)
			}
		} else {
			v.CheckOK = true
			e, err := module.EscapePath(p)
			check(err)
			back, err := module.UnescapePath(e)
			check(err)
			if back != p {
				panic("round trip " + p)
			}
			v.Escaped = e
		}
		ps = append(ps, v)
	}
	var vs []versionVec
	for _, s := range versions {
		e, err := module.EscapeVersion(s)
		v := versionVec{Version: s, OK: err == nil, Escaped: e}
		if err != nil {
			v.GoError = err.Error()
		} else {
			back, err := module.UnescapeVersion(e)
			check(err)
			if back != s {
				panic("round trip " + s)
			}
		}
		vs = append(vs, v)
	}
	var us []unescapeVec
	for _, s := range badUnescapes {
		r, err := module.UnescapePath(s)
		us = append(us, unescapeVec{Escaped: s, OK: err == nil, Result: r})
	}
	writeJSON("module/paths.json", merge(header("module.CheckPath verdicts (with Go's error text; goReason is the part after "+
		"'malformed module path \"<path>\": '), module.EscapePath of the accepted ones (UnescapePath maps them back), "+
		"module.EscapeVersion of a table of versions (UnescapeVersion maps them back), and module.UnescapePath of escaped strings.", "module.go"),
		map[string]interface{}{"paths": ps, "versions": vs, "unescapePaths": us}))
}
