package dev.sumdb4j.tlog.client;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code /lookup} responses, all of a batch at once: the store first (unless told not to),
 * then the remote ({@link RemoteReads}). Each response is parsed and its signed note verified
 * ({@link NoteVerifier}); its record is not proved yet (that is {@link History}'s). Every read ends
 * in a {@link LookupRead} value.
 */
final class LookupReader {
  /** A lookup response read from the store or the remote, parsed and its note verified (null: none). */
  record Fetched(ModuleVersion module, String key, byte[] body, boolean fromCache, LookupResponse response,
      SignedTree tree) {
    /** Names the response in messages: {@code cached lookup/<key>} or {@code /lookup/<key>}. */
    String where() {
      return (fromCache ? "cached lookup/" : "/lookup/") + key;
    }
  }

  /** How reading one module version's lookup ended. */
  sealed interface LookupRead {
    /** Read, parsed, its note verified. */
    record Read(Fetched fetched) implements LookupRead {}

    /** Offline, not cached ({@code name}: its cache name). */
    record Missing(ModuleVersion module, String name) implements LookupRead {}

    /** Offline, the cached response {@code name} is malformed or its note does not verify. */
    record CorruptCached(ModuleVersion module, String name, SumdbException cause) implements LookupRead {}

    /** The lookup failed for this module version alone: not found, transport, malformed response. */
    record Failed(ModuleVersion module, Exception failure) implements LookupRead {}

    /** The server's response failed authentication (its note): a security failure for the whole call. */
    record Rejected(VerificationException failure) implements LookupRead {}
  }

  private final SumdbStore store;
  private final RemoteReads remote;
  private final Parallel parallel;
  private final NoteVerifier notes;

  /** Reads from {@code store}, then {@code remote} (null: offline). */
  LookupReader(SumdbStore store, RemoteReads remote, Parallel parallel, NoteVerifier notes) {
    this.store = store;
    this.remote = remote;
    this.parallel = parallel;
    this.notes = notes;
  }

  /**
   * Reads every module version's lookup concurrently, in order ({@code useCache} false: the
   * remote alone).
   *
   * @throws IOException if interrupted
   */
  List<LookupRead> readAll(List<ModuleVersion> modules, boolean useCache) throws IOException {
    List<Parallel.Task<LookupRead>> tasks = new ArrayList<>();
    for (ModuleVersion mv : modules) {
      tasks.add(() -> read(mv, useCache));
    }
    List<LookupRead> out = new ArrayList<>();
    for (Parallel.Attempt<LookupRead> a : parallel.all(tasks)) {
      out.add(a.value()); // read() fails only with values
    }
    return out;
  }

  private LookupRead read(ModuleVersion mv, boolean useCache) {
    String key = mv.escaped();
    if (useCache) {
      Optional<byte[]> cached = readQuietly(key);
      if (cached.isPresent()) {
        try {
          return new LookupRead.Read(parse(mv, key, cached.get(), true));
        } catch (SumdbException e) {
          if (remote == null) {
            return new LookupRead.CorruptCached(mv, "lookup/" + key, e);
          }
          // Online: ignore the corrupt file; the authenticated remote copy overwrites it.
        }
      }
    }
    if (remote == null) {
      return new LookupRead.Missing(mv, "lookup/" + key);
    }
    try {
      return new LookupRead.Read(parse(mv, key, remote.get("/lookup/" + key), false));
    } catch (MalformedInputException e) {
      // The server's data, not the caller's: the outcome of this lookup alone.
      return new LookupRead.Failed(mv, new MalformedResponseException(e));
    } catch (VerificationException e) {
      return e instanceof MalformedResponseException ? new LookupRead.Failed(mv, e) : new LookupRead.Rejected(e);
    } catch (IOException | SumdbException e) {
      return new LookupRead.Failed(mv, e);
    }
  }

  private Optional<byte[]> readQuietly(String key) {
    try {
      return store.readLookup(key).filter(b -> b.length > 0);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // any failure means "not cached", as in x/mod
    }
  }

  private Fetched parse(ModuleVersion mv, String key, byte[] body, boolean fromCache) throws SumdbException {
    String source = (fromCache ? "cached lookup/" : "/lookup/") + key;
    LookupResponse r = LookupResponse.parse(source, body);
    byte[] note = r.signedNote();
    SignedTree tree = note.length == 0 ? null : notes.open(source, note);
    return new Fetched(mv, key, body, fromCache, r, tree);
  }
}
