package dev.sumdb4j.tlog.client;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.MalformedResponseException;
import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.checkpoint.LookupResponse;
import java.io.IOException;
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
   * Reads every module version's lookup, in order ({@code useCache} false: the remote alone): the
   * store first, on the calling thread, then the misses from the remote concurrently.
   *
   * @throws IOException if interrupted
   */
  List<LookupRead> readAll(List<ModuleVersion> modules, boolean useCache) throws IOException {
    return parallel.cacheFirst(modules, mv -> useCache ? readCached(mv) : null, this::readRemote);
  }

  /**
   * The cached lookup of {@code mv}, parsed and its note verified; offline, a corrupt one is a
   * {@link LookupRead.CorruptCached}; null when it is to be read from the remote (not cached, or
   * online and corrupt: the authenticated remote copy then overwrites it).
   */
  private LookupRead readCached(ModuleVersion mv) {
    String key = mv.escaped();
    Optional<byte[]> cached = readQuietly(key);
    if (cached.isEmpty()) {
      return null;
    }
    try {
      return new LookupRead.Read(parse(mv, key, cached.get(), true));
    } catch (SumdbException e) {
      return remote == null ? new LookupRead.CorruptCached(mv, "lookup/" + key, e) : null;
    }
  }

  /** The lookup of {@code mv} from the remote; offline, {@link LookupRead.Missing}. */
  private LookupRead readRemote(ModuleVersion mv) {
    String key = mv.escaped();
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
