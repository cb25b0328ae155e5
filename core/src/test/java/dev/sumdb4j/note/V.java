package dev.sumdb4j.note;

import java.nio.charset.StandardCharsets;

/** The reference vectors of vectors.md §V1–V3 (golang.org/x/mod/sumdb/note tests). */
final class V {
  static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String ENOCH_SKEY = "PRIVATE+KEY+EnochRoot+af0cfe78+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  static final String SUMDB_VKEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
  static final String LOCAL_VKEY = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";
  static final String LOCAL_SKEY =
      "PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk";

  static final String TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String PETER_B64 =
      "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
  static final String ENOCH_B64 =
      "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=";
  static final String PETER_SIG = "\u2014 PeterNeumann " + PETER_B64 + "\n";
  static final String ENOCH_SIG = "\u2014 EnochRoot " + ENOCH_B64 + "\n";
  static final NoteSignature PETER = new NoteSignature("PeterNeumann", new KeyId(0xc74f20a3), PETER_B64);
  static final NoteSignature ENOCH = new NoteSignature("EnochRoot", new KeyId(0xaf0cfe78), ENOCH_B64);

  private V() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final VerifierKey PETER_KEY = parse(PETER_VKEY);
  private static final VerifierKey ENOCH_KEY = parse(ENOCH_VKEY);

  /** Peter's verifier, shared so that its verification tables are built once. */
  static VerifierKey peter() {
    return PETER_KEY;
  }

  /** Enoch's verifier, shared. */
  static VerifierKey enoch() {
    return ENOCH_KEY;
  }

  static SignerKey peterSigner() {
    try {
      return SignerKey.parse(PETER_SKEY);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static SignerKey enochSigner() {
    try {
      return SignerKey.parse(ENOCH_SKEY);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static VerifierKey parse(String vkey) {
    try {
      return VerifierKey.parse(vkey);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
