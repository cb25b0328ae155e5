package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
)

// keyVec is one key: seed, public key, the vkey/skey texts and the key hash.
type keyVec struct {
	Name      string `json:"name"`
	SeedHex   string `json:"seedHex"`
	PublicHex string `json:"publicKeyHex"`
	VKey      string `json:"vkey"`
	SKey      string `json:"skey"`
	KeyHash   string `json:"keyHash"`
}

type sigVec struct {
	Name    string `json:"name"`
	KeyHash string `json:"keyHash"`
	Base64  string `json:"base64"`
}

type openVec struct {
	Name       string   `json:"name"`
	MessageB64 string   `json:"messageB64"`
	Message    string   `json:"message,omitempty"` // the same bytes, when they are valid UTF-8
	Verifiers  []string `json:"verifiers"`         // vkeys, in order (duplicates allowed)
	Want       string   `json:"want"`              // ok | malformed | invalid_signature | unverified | ambiguous
	GoError    string   `json:"goError,omitempty"`
	Text       string   `json:"text,omitempty"`
	Sigs       []sigVec `json:"sigs,omitempty"`
	Unverified []sigVec `json:"unverifiedSigs,omitempty"`
}

type signVec struct {
	Name string `json:"name"`
	// Either Text (a fresh note) or ExistingB64 opened with ExistingVerifiers.
	Text              string   `json:"text,omitempty"`
	ExistingB64       string   `json:"existingB64,omitempty"`
	ExistingVerifiers []string `json:"existingVerifiers,omitempty"`
	Signers           []string `json:"signers"` // skeys, in order
	Message           string   `json:"message"` // the exact signed note
}

type badKeyVec struct {
	Key     string `json:"key"`
	GoError string `json:"goError"`
}

var keyNames = []string{
	"localhost.localdev/sumdb",
	"sum.example.com",
	"witness.example.org/w1",
	"Ünïcödé-log",
	"日本語/ログ",
	"a",
	"x.y-z_0123456789~!@#$%^&*()",
}

// makeKeys generates one key per name from a fixed seed (SHA-256 stream of "sumdb4j key <i>").
func makeKeys() ([]keyVec, map[string]note.Signer, map[string]note.Verifier) {
	var keys []keyVec
	signers := map[string]note.Signer{}
	verifiers := map[string]note.Verifier{}
	for i, name := range keyNames {
		seed := make([]byte, 32)
		newDetRand(fmt.Sprintf("sumdb4j key %d", i)).Read(seed)
		skey, vkey, err := note.GenerateKey(newDetRand(fmt.Sprintf("sumdb4j key %d", i)), name)
		check(err)
		s, err := note.NewSigner(skey)
		check(err)
		v, err := note.NewVerifier(vkey)
		check(err)
		pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
		vk2, err := note.NewEd25519VerifierKey(name, pub)
		check(err)
		if vk2 != vkey {
			panic("seed mismatch for " + name)
		}
		keys = append(keys, keyVec{name, hex.EncodeToString(seed), hex.EncodeToString(pub), vkey, skey, fmt.Sprintf("%08x", v.KeyHash())})
		signers[name] = s
		verifiers[name] = v
	}
	return keys, signers, verifiers
}

func sigVecs(list []note.Signature) []sigVec {
	var out []sigVec
	for _, s := range list {
		out = append(out, sigVec{s.Name, fmt.Sprintf("%08x", s.Hash), s.Base64})
	}
	return out
}

// openCase runs note.Open and records Go's verdict.
func openCase(name string, msg []byte, vs []note.Verifier) openVec {
	ov := openVec{Name: name, MessageB64: base64.StdEncoding.EncodeToString(msg), Verifiers: []string{}}
	if utf8.Valid(msg) {
		ov.Message = string(msg)
	}
	for _, v := range vs {
		ov.Verifiers = append(ov.Verifiers, vkeyOf[v])
	}
	n, err := note.Open(msg, note.VerifierList(vs...))
	if err == nil {
		ov.Want = "ok"
		ov.Text = n.Text
		ov.Sigs = sigVecs(n.Sigs)
		ov.Unverified = sigVecs(n.UnverifiedSigs)
		return ov
	}
	ov.GoError = err.Error()
	var une *note.UnverifiedNoteError
	var ise *note.InvalidSignatureError
	switch {
	case errors.As(err, &une):
		ov.Want = "unverified"
		ov.Text = une.Note.Text
		ov.Unverified = sigVecs(une.Note.UnverifiedSigs)
	case errors.As(err, &ise):
		ov.Want = "invalid_signature"
	case err.Error() == "malformed note":
		ov.Want = "malformed"
	case strings.HasPrefix(err.Error(), "ambiguous key"):
		ov.Want = "ambiguous"
	default:
		panic("unexpected Open error: " + err.Error())
	}
	return ov
}

var vkeyOf = map[note.Verifier]string{}

func sign(text string, ss ...note.Signer) []byte {
	msg, err := note.Sign(&note.Note{Text: text}, ss...)
	check(err)
	return msg
}

func genNotes() {
	keys, S, V := makeKeys()
	for _, k := range keys {
		vkeyOf[V[k.Name]] = k.VKey
	}
	writeJSON("note/keys.json", merge(header("Ed25519 note keys made by note.GenerateKey from fixed seeds: "+
		"seed, public key, verifier key text, signer key text, key hash; plus key texts NewVerifier/NewSigner reject.", "notes.go"),
		map[string]interface{}{
			"keys":         keys,
			"badVerifiers": badVerifierKeys(keys),
			"badSigners":   badSignerKeys(keys),
		}))

	A, B, C, U, J := "localhost.localdev/sumdb", "sum.example.com", "witness.example.org/w1", "Ünïcödé-log", "日本語/ログ"
	texts := []string{
		"go.sum database tree\n5\nnWzN20+pwMt62p7jbv1/NlN95ePTlHijabv5zO/s36w=\n",
		"If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
		"Ünïcödé text — with an em dash\nand a second line\n",
		"x\n",
		"del \x7f is allowed in text\n",
	}

	// Sign vectors.
	var signs []signVec
	for i, t := range texts {
		for _, set := range [][]string{{A}, {B}, {U, J}, {A, B, C}, {C, A}} {
			var ss []note.Signer
			var sk []string
			for _, n := range set {
				ss = append(ss, S[n])
				sk = append(sk, skeyOf(keys, n))
			}
			signs = append(signs, signVec{Name: fmt.Sprintf("text%d-signed-by-%s", i, strings.Join(set, "+")), Text: t, Signers: sk, Message: string(sign(t, ss...))})
		}
	}
	// Adding signatures to an opened note: existing ones first; a re-signing key replaces its old signature.
	base := sign(texts[0], S[A], S[B])
	for _, c := range []struct {
		name    string
		known   []string
		signers []string
	}{
		{"add-C-to-A+B", []string{A}, []string{C}},
		{"add-C-to-A+B-both-known", []string{A, B}, []string{C}},
		{"resign-A-over-A+B", []string{A}, []string{A}},
		{"add-U+J-to-A+B", []string{B}, []string{U, J}},
	} {
		n, err := note.Open(base, note.VerifierList(verifierList(V, c.known)...))
		check(err)
		var ss []note.Signer
		var sk, vk []string
		for _, s := range c.signers {
			ss = append(ss, S[s])
			sk = append(sk, skeyOf(keys, s))
		}
		for _, k := range c.known {
			vk = append(vk, vkeyOf[V[k]])
		}
		msg, err := note.Sign(n, ss...)
		check(err)
		signs = append(signs, signVec{Name: c.name, ExistingB64: base64.StdEncoding.EncodeToString(base), ExistingVerifiers: vk, Signers: sk, Message: string(msg)})
	}
	writeJSON("note/sign.json", merge(header("note.Sign of fresh notes and of opened notes (Ed25519 is deterministic, so the bytes are exact). "+
		"Keys are the skeys of keys.json.", "notes.go"), map[string]interface{}{"vectors": signs}))

	// Open vectors.
	vl := func(names ...string) []note.Verifier { return verifierList(V, names) }
	var opens []openVec
	t0 := texts[0]
	mA := sign(t0, S[A])
	mAB := sign(t0, S[A], S[B])
	mABC := sign(t0, S[A], S[B], S[C])
	mUJ := sign(texts[2], S[U], S[J])
	opens = append(opens,
		openCase("A-known-A", mA, vl(A)),
		openCase("A-known-none", mA, vl()),
		openCase("A-known-B", mA, vl(B)),
		openCase("A-known-B+C", mA, vl(B, C)),
		openCase("AB-known-A", mAB, vl(A)),
		openCase("AB-known-B", mAB, vl(B)),
		openCase("AB-known-A+B", mAB, vl(A, B)),
		openCase("AB-known-B+A", mAB, vl(B, A)),
		openCase("AB-known-C", mAB, vl(C)),
		openCase("ABC-known-C", mABC, vl(C)),
		openCase("ABC-known-all", mABC, vl(A, B, C, U, J)),
		openCase("UJ-known-J", mUJ, vl(J)),
		openCase("UJ-known-U+J", mUJ, vl(U, J)),
		openCase("A-known-A-twice-ambiguous", mA, vl(A, A)),
		openCase("A-known-B-twice-unused", mA, vl(B, B)),
		openCase("AB-known-A+B+B-ambiguous", mAB, vl(A, B, B)),
	)
	for i, t := range texts {
		opens = append(opens, openCase(fmt.Sprintf("text%d-A-known-A", i), sign(t, S[A]), vl(A)))
	}
	// Mutations of mAB.
	sigStart := len(t0) + 1
	sigA := string(mAB[sigStart:])
	lineA := sigA[:strings.Index(sigA, "\n")+1]
	lineB := sigA[len(lineA):]
	flip := func(b []byte, i int) []byte {
		c := append([]byte(nil), b...)
		c[i] ^= 1
		return c
	}
	cat := func(parts ...string) []byte { return []byte(strings.Join(parts, "")) }
	b64A := lineA[strings.LastIndex(lineA, " ")+1 : len(lineA)-1]
	rawA, _ := base64.StdEncoding.DecodeString(b64A)
	otherHash := append([]byte{rawA[0] ^ 0x80}, rawA[1:]...)
	opens = append(opens,
		openCase("flip-bit-in-text", flip(mAB, 3), vl(A)),
		openCase("flip-bit-in-A-signature", cat(t0, "\n", lineA[:len(lineA)-10], string(lineA[len(lineA)-10]^2), lineA[len(lineA)-9:], lineB), vl(A, B)),
		openCase("flip-bit-in-A-signature-unknown-A", cat(t0, "\n", lineA[:len(lineA)-10], string(lineA[len(lineA)-10]^2), lineA[len(lineA)-9:], lineB), vl(B)),
		openCase("A-key-hash-changed", cat(t0, "\n", "— ", A, " ", base64.StdEncoding.EncodeToString(otherHash), "\n"), vl(A)),
		openCase("text-only", []byte(t0), vl(A)),
		openCase("text-and-blank-line-only", cat(t0, "\n"), vl(A)),
		openCase("no-final-newline", mAB[:len(mAB)-1], vl(A)),
		openCase("extra-final-newline", cat(string(mAB), "\n"), vl(A)),
		openCase("no-blank-line", cat(t0, lineA), vl(A)),
		openCase("two-blank-lines", cat(t0, "\n\n", lineA), vl(A)),
		openCase("text-without-final-newline", cat(t0[:len(t0)-1], "\n", lineA), vl(A)),
		openCase("empty-text", cat("\n", lineA), vl(A)),
		openCase("leading-control-char", cat("\x01", t0, "\n", lineA), vl(A)),
		openCase("invalid-utf8", cat("\xff", t0, "\n", lineA), vl(A)),
		openCase("del-in-text-invalid-signature", cat("\x7f", t0, "\n", lineA), vl(A)),
		openCase("carriage-return-in-text", cat("go.sum\r\n", t0, "\n", lineA), vl(A)),
		openCase("unexpected-line-after-signatures", cat(string(mAB), "Unexpected line.\n"), vl(A)),
		openCase("hyphen-instead-of-em-dash", cat(t0, "\n", "-", lineA[len("—"):]), vl(A)),
		openCase("two-spaces-before-base64", cat(t0, "\n", strings.Replace(lineA, " ", "  ", 2)[1:]), vl(A)),
		openCase("space-in-name", cat(t0, "\n", "— bad name ", b64A, "\n"), vl(A)),
		openCase("plus-in-name", cat(t0, "\n", "— bad+name ", b64A, "\n"), vl(A)),
		openCase("unknown-5-byte-signature", cat(string(mA), "— Unknown AAAAAAA=\n"), vl(A)),
		openCase("unknown-4-byte-signature", cat(string(mA), "— Unknown AAAAAA==\n"), vl(A)),
		openCase("unpadded-base64", cat(string(mA), "— Unknown AAAAAAA\n"), vl(A)),
		openCase("bad-base64-char", cat(string(mA), "— Unknown AAAA*AA=\n"), vl(A)),
		openCase("100-signatures", cat(t0, "\n", strings.Repeat(lineA, 100)), vl(A)),
		openCase("101-signatures", cat(t0, "\n", strings.Repeat(lineA, 101)), vl(A)),
		openCase("101-signatures-none-known", cat(t0, "\n", strings.Repeat(lineA, 101)), vl()),
		openCase("duplicate-signature-lines", cat(t0, "\n", lineA, lineA, lineB), vl(A)),
	)
	writeJSON("note/open.json", merge(header("note.Open verdicts for messages signed by keys.json keys, "+
		"verifiers given as vkeys (in order, duplicates allowed). want: ok | malformed | invalid_signature | unverified | ambiguous. "+
		"For unverified, text and unverifiedSigs are those of the error's note.", "notes.go"), map[string]interface{}{"vectors": opens}))
}

func verifierList(V map[string]note.Verifier, names []string) []note.Verifier {
	vs := []note.Verifier{}
	for _, n := range names {
		vs = append(vs, V[n])
	}
	return vs
}

func skeyOf(keys []keyVec, name string) string {
	for _, k := range keys {
		if k.Name == name {
			return k.SKey
		}
	}
	panic(name)
}

// badVerifierKeys lists mangled vkeys (all rejected by NewVerifier; the generator checks it).
func badVerifierKeys(keys []keyVec) []badKeyVec {
	k := keys[0].VKey
	h := "+" + keys[0].KeyHash + "+"
	hNext := fmt.Sprintf("+%08x+", mustHex(keys[0].KeyHash)+1)
	cands := []string{
		"", k[:len(k)-1], k[:len(k)-4], k[1:], strings.Replace(k, "+", "", 1),
		k + "+extra", k + "=", strings.Replace(k, h, hNext, 1),
		strings.Replace(k, h, "+"+keys[0].KeyHash[1:]+"+", 1), strings.Replace(k, h, "+0"+keys[0].KeyHash+"+", 1),
		strings.Replace(k, h+"A", h+"B", 1), // algorithm byte changed
		"bad name+" + k[strings.Index(k, "+")+1:],
		"PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
		"PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		keys[1].VKey[:len(keys[1].VKey)-1] + "=",
	}
	return rejects(cands, func(s string) error { _, err := note.NewVerifier(s); return err })
}

func badSignerKeys(keys []keyVec) []badKeyVec {
	k := keys[0].SKey
	h := "+" + keys[0].KeyHash + "+"
	hNext := fmt.Sprintf("+%08x+", mustHex(keys[0].KeyHash)+1)
	cands := []string{
		"", k[:len(k)-1], k[len("PRIVATE+"):], strings.Replace(k, "PRIVATE+KEY+", "PRIVATE+", 1),
		k + "+extra", strings.Replace(k, h, hNext, 1),
		keys[0].VKey, // a verifier key is not a signer key
		strings.Replace(k, h+"A", h+"B", 1),
	}
	return rejects(cands, func(s string) error { _, err := note.NewSigner(s); return err })
}

func rejects(cands []string, f func(string) error) []badKeyVec {
	var out []badKeyVec
	for _, c := range cands {
		err := f(c)
		if err == nil {
			panic("Go accepts " + c)
		}
		out = append(out, badKeyVec{c, err.Error()})
	}
	return out
}

func merge(a, b map[string]interface{}) map[string]interface{} {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func mustHex(s string) uint32 {
	var v uint32
	_, err := fmt.Sscanf(s, "%x", &v)
	check(err)
	return v
}
