package dev.sumdb4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.module.ModulePaths;
import dev.sumdb4j.note.Note;
import dev.sumdb4j.note.SignerKey;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.HashReader;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.Tree;
import dev.sumdb4j.tlog.TreeHash;
import dev.sumdb4j.tlog.checkpoint.Checkpoint;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import dev.sumdb4j.tlog.tile.Tile;
import dev.sumdb4j.tlog.tile.Tiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The launcher's training run for its class-data archive (not a command: {@code cli/sumdb4j} runs
 * {@code java -XX:ArchiveClassesAtExit=... -cp sumdb4j.jar dev.sumdb4j.cli.Training} when it makes
 * the archive), so that the archive holds the classes of the paths users take, HTTPS included,
 * whatever run of a command happens to come first.
 *
 * <p>It serves a small checksum database of its own over HTTPS on 127.0.0.1 (a new Ed25519 signer
 * key, a new ECDSA key and a self-signed certificate for 127.0.0.1, all in memory and used by this
 * process only), and runs the commands through {@link Main} exactly as a user's run would: {@code
 * verify} with nothing cached (lookups and tiles fetched over TLS, the certificate trusted through
 * SSL_CERT_FILE as a company CA would be), {@code verify} again with everything cached, {@code verify
 * --offline}, {@code verify --json}, {@code lookup}, {@code latest}, {@code --version} and a usage
 * error. Its environment is its own (a temporary GOPATH and HOME, deleted at the end; no proxy, no
 * .netrc); it reads nothing of the user's and prints nothing. Nothing it sees is trusted by any
 * other process: what it leaves behind is the list of classes the JVM archives.
 *
 * <p>Exit code 0 if every step did what it should; anything else tells the launcher to throw the
 * archive away. It gives up (exit 3) after a minute.
 */
@SuppressForbidden(reason = "com.sun.net.httpserver (jdk.httpserver, an exported JDK API) serves the training"
    + " database: the JDK has no other HTTPS server")
final class Training {
  private static final int RECORDS = 300;
  private static final int HEIGHT = 8;
  private static final long GIVE_UP_MILLIS = 60_000;

  private final List<Hash> hashes = new ArrayList<>();
  private final Map<String, byte[]> lookups = new HashMap<>();
  private final List<String> goSum = new ArrayList<>();
  private final SignerKey signer;
  private byte[] latest;

  private Training(SignerKey signer) {
    this.signer = signer;
  }

  /** Runs the training; exit code 0 when every step went as expected. */
  public static void main(String[] args) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(GIVE_UP_MILLIS);
        Runtime.getRuntime().halt(3);
      } catch (InterruptedException e) {
        // done in time
      }
    }, "sumdb4j-training-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    int code;
    try {
      code = run();
    } catch (Exception | Error e) {
      code = 1;
    }
    System.exit(code);
  }

  static int run() throws Exception {
    Path dir = Files.createTempDirectory("sumdb4j-training");
    HttpsServer server = null;
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "sumdb4j-training-server");
      t.setDaemon(true);
      return t;
    });
    try {
      Training log = new Training(SignerKey.generate("sumdb4j.training", new SecureRandom()));
      log.build();
      KeyPair keys = ecKeys();
      byte[] cert = selfSigned(keys);
      Path pem = dir.resolve("training.pem");
      Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert) + "\n-----END CERTIFICATE-----\n",
          StandardCharsets.US_ASCII);
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keys, cert)));
      server.createContext("/", log::serve);
      server.setExecutor(pool);
      server.start();
      String url = "https://127.0.0.1:" + server.getAddress().getPort();

      Path gosum = dir.resolve("go.sum");
      Files.write(gosum, log.goSum, StandardCharsets.UTF_8);
      Map<String, String> env = new HashMap<>();
      env.put("HOME", dir.toString());
      env.put("GOPATH", dir.resolve("gopath").toString());
      env.put("GOENV", dir.resolve("no-goenv").toString());
      env.put("GOSUMDB", log.signer.verifierKey().toString() + " " + url);
      env.put("GOPROXY", "off");
      env.put("SSL_CERT_FILE", pem.toString());
      String g = gosum.toString();
      boolean ok = command(env, 0, "verify", g) // nothing cached: every lookup and tile over TLS
          && command(env, 0, "verify", g) // everything cached
          && command(env, 0, "verify", "--offline", g)
          && command(env, 0, "verify", "--json", g)
          && command(env, 0, "lookup", "example.com/training/m7@v1.0.7")
          && command(env, 0, "latest")
          && command(env, 0, "--version")
          && command(env, 2, "verify", "--no-such-option");
      return ok ? 0 : 1;
    } finally {
      if (server != null) {
        server.stop(0);
      }
      pool.shutdownNow();
      deleteTree(dir);
    }
  }

  /** Runs one command line as {@code Main.main} would, its output discarded; whether it exited {@code want}. */
  private static boolean command(Map<String, String> env, int want, String... args) {
    long t0 = System.nanoTime();
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    picocli.CommandLine cl = Main.commandLineFor(new Main(env), args);
    cl.setOut(none);
    cl.setErr(none);
    int code = cl.execute(args);
    if (VERBOSE) {
      System.err.printf("sumdb4j training: %s: exit %d (want %d), %d ms%n", String.join(" ", args), code, want,
          (System.nanoTime() - t0) / 1_000_000);
    }
    return code == want;
  }

  /** With {@code -Dsumdb4j.training.verbose=true}: each step's exit code and time on standard error. */
  private static final boolean VERBOSE = Boolean.getBoolean("sumdb4j.training.verbose");

  /** Appends the records and signs the tree. */
  private void build() throws IOException, SumdbException {
    HashReader reader = indexes -> {
      List<Hash> out = new ArrayList<>(indexes.length);
      for (long x : indexes) {
        out.add(hashes.get((int) x));
      }
      return out;
    };
    SecureRandom random = new SecureRandom();
    List<String> texts = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      String path = "example.com/training/m" + i;
      String version = "v1.0." + i;
      String h1 = h1(random);
      String goMod = h1(random);
      String text = path + " " + version + " " + h1 + "\n" + path + " " + version + "/go.mod " + goMod + "\n";
      hashes.addAll(StoredHashes.forRecord(i, text.getBytes(StandardCharsets.UTF_8), reader));
      texts.add(text);
      keys.add(ModulePaths.escapePath(path) + "@" + ModulePaths.escapeVersion(version));
      if (i % 30 == 7) { // ten module versions: two tile levels, ten lookups in flight
        goSum.add(path + " " + version + " " + h1);
        goSum.add(path + " " + version + "/go.mod " + goMod);
      }
    }
    Tree tree = new Tree(RECORDS, TreeHash.of(RECORDS, reader));
    latest = Note.sign(Note.of(new String(Checkpoint.sumdb(tree).format(), StandardCharsets.UTF_8)), signer);
    for (int i = 0; i < RECORDS; i++) {
      lookups.put(keys.get(i), new LookupResponse(i, texts.get(i), latest).format());
    }
    this.reader = reader;
  }

  private HashReader reader;

  private static String h1(SecureRandom random) {
    byte[] b = new byte[Hash.SIZE];
    random.nextBytes(b);
    return "h1:" + Base64.getEncoder().encodeToString(b);
  }

  /** Serves /latest, /lookup/ and /tile/ of the training log. */
  private void serve(HttpExchange x) throws IOException {
    try {
      x.getRequestBody().readAllBytes();
      String path = x.getRequestURI().getRawPath();
      byte[] body = null;
      if (path.equals("/latest")) {
        body = latest;
      } else if (path.startsWith("/lookup/")) {
        body = lookups.get(path.substring("/lookup/".length()));
      } else if (path.startsWith("/tile/")) {
        body = tile(path.substring(1));
      }
      if (body == null) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      x.getResponseHeaders().set("Content-Type", "application/octet-stream");
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    } finally {
      x.close();
    }
  }

  private byte[] tile(String path) {
    try {
      Tile t = Tile.parsePath(path);
      long levelSize = (long) RECORDS >>> (t.level() * HEIGHT);
      if (t.height() != HEIGHT || t.level() < 0 || (t.index() << HEIGHT) + t.width() > levelSize) {
        return null;
      }
      return Tiles.readTileData(t, reader);
    } catch (MalformedInputException e) {
      return null;
    } catch (IOException | SumdbException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static SSLContext serverContext(KeyPair keys, byte[] der) throws GeneralSecurityException, IOException {
    Certificate cert = CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(der));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("training", keys.getPrivate(), new char[0], new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), null, null);
    return c;
  }

  // A self-signed X.509 v3 certificate for IP address 127.0.0.1, in DER, written out by hand (the
  // JDK has no public API for making one and the jar carries no ASN.1 library).

  private static final byte[] ECDSA_WITH_SHA256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1d, 0x11};

  private static byte[] selfSigned(KeyPair keys) throws GeneralSecurityException {
    byte[] algorithm = der(0x30, ECDSA_WITH_SHA256);
    byte[] name = der(0x30, der(0x31, der(0x30, COMMON_NAME,
        der(0x0c, "sumdb4j training".getBytes(StandardCharsets.US_ASCII)))));
    long now = System.currentTimeMillis() / 1000;
    byte[] validity = der(0x30, der(0x17, utcTime(now - 3600)), der(0x17, utcTime(now + 3600)));
    byte[] san = der(0x30, SUBJECT_ALT_NAME, der(0x04, der(0x30, der(0x87, new byte[] {127, 0, 0, 1}))));
    byte[] tbs = der(0x30,
        der(0xa0, der(0x02, new byte[] {2})), // version 3
        der(0x02, new BigInteger(62, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
        algorithm, name, validity, name,
        keys.getPublic().getEncoded(), // SubjectPublicKeyInfo
        der(0xa3, der(0x30, san)));
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(keys.getPrivate());
    s.update(tbs);
    byte[] sig = s.sign();
    byte[] bits = new byte[sig.length + 1]; // no unused bits
    System.arraycopy(sig, 0, bits, 1, sig.length);
    return der(0x30, tbs, algorithm, der(0x03, bits));
  }

  /** ASN.1 UTCTime text {@code YYMMDDhhmmssZ} of {@code epochSecond}. */
  private static byte[] utcTime(long epochSecond) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
    int[] parts = {t.getYear() % 100, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()};
    StringBuilder b = new StringBuilder();
    for (int p : parts) {
      b.append((char) ('0' + p / 10)).append((char) ('0' + p % 10));
    }
    return b.append('Z').toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A DER element: {@code tag}, the definite length, then {@code parts} one after another. */
  private static byte[] der(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    int n = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >>> 8);
      out.write(n);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  /** Deletes the training's own temporary directory (links are removed, never followed). */
  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
