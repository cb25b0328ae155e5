package dev.sumdb4j.tlog.proxyaudit;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.dirhash.DirHash;
import dev.sumdb4j.internal.Causes;
import dev.sumdb4j.internal.DaemonThreads;
import dev.sumdb4j.modzip.ModuleZip;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.client.LookupResult;
import dev.sumdb4j.tlog.client.Outcome;
import dev.sumdb4j.tlog.client.SignedTree;
import dev.sumdb4j.tlog.client.SumdbClient;
import dev.sumdb4j.tlog.http.HostUnavailableException;
import dev.sumdb4j.tlog.http.Remote;
import dev.sumdb4j.tlog.http.ResponseTooLargeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One audit of a module proxy against the checksum database. For each module version in scope:
 * unless its path matches GONOSUMDB/GOPRIVATE ({@link Verdict#SKIPPED}), its database record is
 * looked up and authenticated (signed tree, inclusion proof, consistency with every tree seen), then
 * the proxy's {@code .mod} and {@code .zip} are fetched (a zip of up to {@value #ZIP_IN_MEMORY} bytes
 * kept in a buffer of the worker, a larger one streamed to a file under the state's {@value
 * AuditState#DOWNLOAD_DIR}/; a finding's zip is written there for its evidence), the zip is checked with the go command's module zip
 * rules ({@link ModuleZip}) and both are hashed as the go command hashes them ({@link DirHash}),
 * and the hashes are compared with the record. A version the state already holds with the record's
 * hashes is not downloaded again (unless {@code full}): its record is only re-proved in the newest
 * tree. Findings keep evidence ({@link EvidenceWriter}).
 *
 * <p>Up to {@code jobs} versions are downloaded at once; lookups go in batches ahead of them.
 */
public final class ProxyAuditor {
  /** Lookups per batch. */
  static final int BATCH = 256;
  /**
   * The largest zip kept in memory (in a buffer per worker, so memory stays flat whatever the zips'
   * sizes) instead of written to a file and read back: as large as the zips core reads whole.
   */
  static final int ZIP_IN_MEMORY = 256 << 10;

  /** Hears about the run as it goes (called from worker threads). */
  public interface Listener {
    /**
     * The run will produce {@code total} results, {@code kept} of them from the state.
     *
     * @param total the number of results the run will produce
     * @param kept how many of them come from the state
     */
    default void started(int total, int kept) {}

    /**
     * The run is about to look up a batch of {@code n} module versions in the database (one {@link
     * SumdbClient#lookupAll}): a caller whose fetcher gives up after a deadline, or on a host that failed
     * once, can start it afresh here, so that a long run is bounded per batch, not as a whole.
     *
     * @param n the number of module versions in the batch
     */
    default void lookingUp(int n) {}

    /**
     * One result is final.
     *
     * @param r the result
     */
    default void finished(ModuleResult r) {}

    /**
     * {@code n} more bytes arrived (zips and go.mod files).
     *
     * @param n the number of bytes
     */
    default void bytes(long n) {}
  }

  private final SumdbClient database;
  private final Optional<Remote> latest;
  private final ModuleProxy proxy;
  private final Predicate<String> skip;
  private final AuditState state;
  private final int jobs;
  private final boolean full;
  private final Listener listener;
  /** Names this run's partial downloads. */
  private final String runId = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() ^ System.nanoTime());
  private final AtomicLong partNumber = new AtomicLong();
  /** Each worker's buffer for a zip of up to {@link #ZIP_IN_MEMORY} bytes. */
  private final ThreadLocal<byte[]> zipBuffers = ThreadLocal.withInitial(() -> new byte[ZIP_IN_MEMORY]);

  private ProxyAuditor(SumdbClient database, Optional<Remote> latest, ModuleProxy proxy, Predicate<String> skip,
      AuditState state, int jobs, boolean full, Listener listener) {
    this.database = database;
    this.latest = latest;
    this.proxy = proxy;
    this.skip = skip;
    this.state = state;
    this.jobs = jobs;
    this.full = full;
    this.listener = listener;
  }

  /**
   * An auditor.
   *
   * @param database the checksum database client (its history is kept in its store)
   * @param latest where the run first reads the database's {@code /latest} signed tree and merges
   *     it into the client's history, so that every record, kept ones included, is proved in the
   *     newest tree (empty: offline, the newest tree the client already knows)
   * @param proxy the module proxy
   * @param skip module paths not looked up (GONOSUMDB/GOPRIVATE)
   * @param state the state directory (open; the caller closes it)
   * @param jobs versions downloaded at once, at least 1
   * @param full whether to download versions the state already verified
   * @param listener progress
   * @return the auditor
   */
  public static ProxyAuditor of(SumdbClient database, Optional<Remote> latest, ModuleProxy proxy,
      Predicate<String> skip, AuditState state, int jobs, boolean full, Listener listener) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
    }
    return new ProxyAuditor(Objects.requireNonNull(database, "database"), Objects.requireNonNull(latest, "latest"),
        Objects.requireNonNull(proxy, "proxy"),
        Objects.requireNonNull(skip, "skip"), Objects.requireNonNull(state, "state"), jobs, full,
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Audits {@code scope}.
   *
   * @param scope the module versions to audit
   * @return one result per module version, in scope order
   * @throws SumdbException if the database fails authentication (a bad signature, tile or record,
   *     or inconsistent trees): no verdict of the run can be trusted
   * @throws IOException if the state cannot be written, or the database's store fails
   * @throws InterruptedException if interrupted (everything verified so far is in the state)
   */
  public ProxyReport run(List<ModuleVersion> scope) throws IOException, SumdbException, InterruptedException {
    Path downloads = state.dir().resolve(AuditState.DOWNLOAD_DIR);
    Files.createDirectories(downloads);
    EvidenceWriter evidence = new EvidenceWriter(state.dir().resolve(AuditState.EVIDENCE_DIR));
    if (latest.isPresent()) {
      database.merge("/latest", latest.get().get("/latest"));
    }
    int kept = 0;
    for (ModuleVersion mv : scope) {
      if (!full && !skip.test(mv.path()) && state.get(mv).isPresent()) {
        kept++;
      }
    }
    listener.started(scope.size(), kept);
    ModuleResult[] results = new ModuleResult[scope.size()];
    ExecutorService pool = Executors.newFixedThreadPool(jobs, DaemonThreads.factory("sumdb4j-proxy-audit"));
    Semaphore inFlight = new Semaphore(jobs * 2);
    List<Future<?>> futures = new ArrayList<>();
    AtomicLong downloaded = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicInteger reproved = new AtomicInteger();
    try {
      for (int start = 0; start < scope.size(); start += BATCH) {
        List<Integer> batch = new ArrayList<>();
        List<ModuleVersion> lookups = new ArrayList<>();
        for (int i = start; i < Math.min(scope.size(), start + BATCH); i++) {
          ModuleVersion mv = scope.get(i);
          if (skip.test(mv.path())) {
            finish(results, i, ModuleResult.of(mv, Verdict.SKIPPED, "matches GONOSUMDB/GOPRIVATE: not audited"));
          } else {
            batch.add(i);
            lookups.add(mv);
          }
        }
        if (!lookups.isEmpty()) {
          listener.lookingUp(lookups.size());
        }
        Map<ModuleVersion, Outcome> outcomes = lookups.isEmpty() ? Map.of() : database.lookupAll(lookups);
        for (int i : batch) {
          ModuleVersion mv = scope.get(i);
          Outcome o = outcomes.get(mv);
          Optional<StateEntry> before = full ? Optional.empty() : state.get(mv);
          if (before.isPresent() && o.result().isPresent() && matches(before.get(), o.result().get())) {
            LookupResult r = o.result().get();
            reproved.incrementAndGet();
            finish(results, i, new ModuleResult(mv, Verdict.OK, "verified before (tree " + before.get().treeSize()
                + "), not downloaded again; record " + r.recordId() + " re-proved",
                Optional.of(before.get().zipHash()), Optional.of(before.get().modHash()),
                Optional.of(first(r.hashes(mv.version()))), Optional.of(first(r.hashes(mv.version() + "/go.mod"))),
                r.recordId(), r.tree().size(), Optional.empty(), Optional.empty(), false, Optional.empty()));
            continue;
          }
          if (o.failure().isPresent() && !o.isNotFound()) {
            finish(results, i, ModuleResult.of(mv, Verdict.ERROR, "database: " + message(o.failure().get())));
            continue;
          }
          inFlight.acquire();
          int index = i;
          futures.add(pool.submit(() -> {
            try {
              ModuleResult r = audit(mv, o, downloads, evidence);
              if (r.downloaded()) {
                downloaded.incrementAndGet();
              }
              bytes.addAndGet(r.bytes());
              finish(results, index, r);
              return null;
            } finally {
              inFlight.release();
            }
          }));
        }
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof IOException io) {
            throw io;
          }
          if (c instanceof RuntimeException re) {
            throw re;
          }
          if (c instanceof Error err) {
            throw err;
          }
          throw new IOException(c);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    SignedTree tree = database.latest();
    if (!tree.isEmpty()) {
      state.appendRun("{\"time\":\"" + java.time.Instant.now() + "\",\"tree\":" + tree.size() + ",\"hash\":\""
          + tree.hash() + "\",\"versions\":" + scope.size() + ",\"downloaded\":" + downloaded.get()
          + ",\"reproved\":" + reproved.get() + "}");
    }
    return new ProxyReport(List.of(results), tree, downloaded.get(), bytes.get());
  }

  private void finish(ModuleResult[] results, int i, ModuleResult r) {
    results[i] = r;
    listener.finished(r);
  }

  private static boolean matches(StateEntry e, LookupResult r) {
    return r.hashes(e.module().version()).contains(e.zipHash())
        && r.hashes(e.module().version() + "/go.mod").contains(e.modHash());
  }

  private static String first(List<String> hashes) {
    return hashes.isEmpty() ? "(none)" : String.join(" ", hashes);
  }

  /** Downloads, checks and hashes one version and compares it with its lookup outcome. */
  private ModuleResult audit(ModuleVersion mv, Outcome o, Path downloads, EvidenceWriter evidence)
      throws IOException {
    ModuleProxy.Fetched mod;
    // a name of this run (the state's lock keeps other runs out), made (never through a link) only for a zip
    // larger than the buffer, or for evidence
    Path zipFile = downloads.resolve("zip-" + runId + "-" + partNumber.incrementAndGet() + ".part");
    boolean fileMade = true; // whether zipFile may exist
    try {
      try {
        mod = proxy.get(ModuleProxy.modPath(mv), ModuleZip.MAX_GO_MOD);
        listener.bytes(mod.served().size());
      } catch (GoneException e) {
        return ModuleResult.of(mv, Verdict.GONE, "proxy: " + e.getMessage());
      } catch (IOException e) {
        return ModuleResult.of(mv, Verdict.ERROR, "proxy: " + message(e));
      }
      byte[] buffer = zipBuffers.get();
      ModuleProxy.Download download;
      try {
        download = proxy.download(ModuleProxy.zipPath(mv), zipFile, ModuleZip.MAX_ZIP_FILE, buffer);
        listener.bytes(download.served().size());
      } catch (GoneException e) {
        return ModuleResult.of(mv, Verdict.GONE, "proxy: " + e.getMessage());
      } catch (ResponseTooLargeException e) {
        return new ModuleResult(mv, Verdict.INVALID_ZIP, "module zip file is too large (limit is "
            + ModuleZip.MAX_ZIP_FILE + " bytes): " + e.getMessage(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), -1, -1, Optional.empty(), Optional.of(mod.served()), true,
            Optional.empty());
      } catch (IOException e) {
        return ModuleResult.of(mv, Verdict.ERROR, "proxy: " + message(e));
      }
      Served zip = download.served();
      fileMade = !download.inMemory();
      String modHash = DirHash.hashGoMod(mod.body());
      String invalid = null;
      String zipHash = null;
      try {
        // one read of the zip for both: the go command's checks, then its hash
        ModuleZip.CheckedHash c = download.inMemory()
            ? ModuleZip.checkAndHash(zipFile.toString(), buffer, download.length(), mv)
            : ModuleZip.checkAndHash(zipFile, mv);
        if (!c.checked().ok()) {
          invalid = c.checked().message();
        } else if (c.hashError().isPresent()) {
          invalid = c.hashError().get();
        }
        zipHash = c.hash().orElse(null);
      } catch (MalformedInputException e) {
        invalid = e.reason();
      }
      LookupResult record = o.result().orElse(null);
      Optional<String> dbZip = record == null ? Optional.empty() : Optional.of(first(record.hashes(mv.version())));
      Optional<String> dbMod = record == null ? Optional.empty()
          : Optional.of(first(record.hashes(mv.version() + "/go.mod")));
      boolean zipOk = record != null && zipHash != null && record.hashes(mv.version()).contains(zipHash);
      boolean modOk = record != null && record.hashes(mv.version() + "/go.mod").contains(modHash);
      Verdict v;
      String msg;
      if (invalid != null) {
        v = Verdict.INVALID_ZIP;
        msg = "the go command would refuse this zip: " + invalid.replace("\n", "; ");
      } else if (record == null) {
        v = Verdict.NOT_IN_DATABASE;
        msg = "the proxy serves a version the checksum database has never logged";
      } else if (!zipOk) {
        v = Verdict.MISMATCH_ZIP;
        msg = "zip hashes to " + zipHash + ", database record " + record.recordId() + " has " + dbZip.get()
            + (modOk ? "" : "; go.mod also mismatches: " + modHash + ", record has " + dbMod.get());
      } else if (!modOk) {
        v = Verdict.MISMATCH_MOD;
        msg = "go.mod hashes to " + modHash + ", database record " + record.recordId() + " has " + dbMod.get();
      } else {
        v = Verdict.OK;
        msg = "";
      }
      ModuleResult r = new ModuleResult(mv, v, msg, Optional.ofNullable(zipHash), Optional.of(modHash), dbZip, dbMod,
          record == null ? -1 : record.recordId(), record == null ? -1 : record.tree().size(), Optional.of(zip),
          Optional.of(mod.served()), true, Optional.empty());
      if (v == Verdict.OK) {
        state.append(new StateEntry(mv, zipHash, modHash, record.recordId(), record.tree().size(), zip.sha256(),
            zip.size()));
        return r;
      }
      if (download.inMemory()) { // the evidence keeps the served file
        fileMade = true;
        Files.write(zipFile, java.util.Arrays.copyOf(buffer, download.length()), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      }
      return r.withEvidence(evidence.write(r, zipFile, mod.body(), record, database));
    } finally {
      if (fileMade) {
        Files.deleteIfExists(zipFile);
      }
    }
  }

  static String message(Throwable t) {
    return Causes.message(t, HostUnavailableException.class::isInstance);
  }
}
