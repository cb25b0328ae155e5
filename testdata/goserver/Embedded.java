import dev.sumdb4j.gosum.GoSumFile;
import dev.sumdb4j.sumdb.Sumdb;
import dev.sumdb4j.tlog.cache.MemoryStore;
import dev.sumdb4j.tlog.verify.LineVerdict;
import dev.sumdb4j.tlog.verify.GoSumReport;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded case of the speed benchmark (issue 11, bench.sh): one {@link Sumdb} with an in-memory
 * store, as a Java service would hold it, verifies several go.sum files one after another. Prints
 * one line per go.sum ({@code lines N ok N wall_ms N}, the same fields as the Go client's) and
 * exits 1 if any line did not verify. The JVM's start is not in the times (the Go client's
 * process start is not in its times either).
 *
 * <p>Usage: {@code java -cp cli/target/sumdb4j.jar Embedded.java GOSUMDB GO_SUM...}; the
 * environment's SSL_CERT_FILE, if any, is used for HTTPS.
 */
public final class Embedded {
  public static void main(String[] args) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("GOSUMDB", args[0]);
    env.put("GOPROXY", "off");
    env.put("GOPATH", System.getProperty("java.io.tmpdir")); // not used: the store is in memory
    String certs = System.getenv("SSL_CERT_FILE");
    if (certs != null) {
      env.put("SSL_CERT_FILE", certs);
    }
    Sumdb sumdb = Sumdb.builder().environment(env).store(new MemoryStore()).build();
    boolean failed = false;
    for (int i = 1; i < args.length; i++) {
      GoSumFile goSum = GoSumFile.read(Path.of(args[i]));
      long t0 = System.nanoTime();
      GoSumReport report = sumdb.verify(List.of(goSum));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long ok = report.lines().stream().filter(l -> l.verdict() == LineVerdict.OK).count();
      System.out.println("lines " + report.lines().size() + " ok " + ok + " wall_ms " + ms);
      failed |= ok != report.lines().size();
    }
    System.exit(failed ? 1 : 0);
  }
}
