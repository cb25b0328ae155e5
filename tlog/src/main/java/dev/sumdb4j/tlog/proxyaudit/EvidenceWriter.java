package dev.sumdb4j.tlog.proxyaudit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.tlog.bundle.ProofBundle;
import dev.sumdb4j.tlog.bundle.ProofExport;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes the evidence of a finding into a new directory {@code <escaped path>@<version>[-N]} (slashes
 * as {@code %}) of the evidence directory: {@code served.zip} and {@code served.mod}, the files
 * exactly as served; {@code served.json}, the verdict, the URLs, response headers, SHA-256 and
 * size of each file, both h1 hashes and the record's; {@code served.go.sum}, the go.sum lines of
 * what was served; and, when the database has a record, {@code record.go.sum}, its lines, and
 * {@code proof.json}, a proof bundle of the signed record in the newest tree: anyone can re-check
 * with {@code sumdb4j proof verify --go-sum record.go.sum proof.json} (exit 0: the log vouches for
 * these lines) and {@code --go-sum served.go.sum} (exit 1: the served files are not what the log
 * vouches for). Files are created new, never replaced or followed as links.
 */
final class EvidenceWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  EvidenceWriter(Path dir) {
    this.dir = dir;
  }

  /** Writes the evidence of {@code r}, moving {@code zipFile} (if it exists) into it. */
  Path write(ModuleResult r, Path zipFile, byte[] mod, LookupResult record, SumdbClient database) throws IOException {
    Path target = newDir(r.module().escaped().replace('/', '%'));
    if (Files.isRegularFile(zipFile, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(zipFile, target.resolve("served.zip"));
    }
    if (mod != null) {
      create(target.resolve("served.mod"), mod);
    }
    ObjectNode doc = JSON.createObjectNode();
    doc.put("module", r.module().path());
    doc.put("version", r.module().version());
    doc.put("verdict", r.verdict().text());
    doc.put("message", r.message());
    doc.put("zipHash", r.zipHash().orElse(null));
    doc.put("modHash", r.modHash().orElse(null));
    doc.put("recordZipHash", r.recordZipHash().orElse(null));
    doc.put("recordModHash", r.recordModHash().orElse(null));
    r.zip().ifPresent(s -> doc.set("zip", served(s)));
    r.mod().ifPresent(s -> doc.set("mod", served(s)));
    if (record != null) {
      doc.put("recordId", record.recordId());
      doc.put("recordText", record.recordText());
      create(target.resolve("record.go.sum"), (String.join("\n", record.lines()) + "\n").getBytes(StandardCharsets.UTF_8));
      SignedTree tree = database.latest();
      try {
        ProofBundle b = ProofExport.prove(tree, List.of(record), database.hashReader());
        create(target.resolve("proof.json"), b.toJson().getBytes(StandardCharsets.UTF_8));
        doc.put("proof", "proof.json");
      } catch (SumdbException | IOException | RuntimeException e) {
        doc.put("proofError", ProxyAuditor.message(e));
      }
    }
    StringBuilder servedSum = new StringBuilder();
    String pv = r.module().path() + " " + r.module().version();
    r.zipHash().ifPresent(h -> servedSum.append(pv).append(' ').append(h).append('\n'));
    r.modHash().ifPresent(h -> servedSum.append(pv).append("/go.mod ").append(h).append('\n'));
    if (servedSum.length() > 0) {
      create(target.resolve("served.go.sum"), servedSum.toString().getBytes(StandardCharsets.UTF_8));
    }
    create(target.resolve("served.json"), (JSON.writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8));
    return target;
  }

  private static ObjectNode served(Served s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("url", s.url());
    n.put("status", s.status());
    n.put("sha256", s.sha256());
    n.put("size", s.size());
    ObjectNode h = n.putObject("headers");
    for (Map.Entry<String, List<String>> e : s.headers().entrySet()) {
      ArrayNode a = h.putArray(e.getKey());
      e.getValue().forEach(a::add);
    }
    return n;
  }

  private synchronized Path newDir(String name) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; ; i++) {
      Path p = dir.resolve(i == 0 ? name : name + "-" + i);
      try {
        return Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        // next
      }
    }
  }

  private static void create(Path p, byte[] b) throws IOException {
    Files.write(p, b, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }
}
