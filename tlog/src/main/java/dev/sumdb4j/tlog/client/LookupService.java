package dev.sumdb4j.tlog.client;

import dev.sumdb4j.SumdbException;
import dev.sumdb4j.VerificationException;
import dev.sumdb4j.module.ModuleVersion;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.cache.SumdbStore;
import dev.sumdb4j.tlog.tile.VerifiedTile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The top layer of the client, under its public face {@link SumdbClient}: one call of the client
 * from start to end. It reads the lookups ({@link LookupReader}), begins the call in the history
 * (the stored latest note, read and verified once), proves the records and merges the signed trees
 * ({@link History}), decides each module version's {@link Outcome}, stores the newest tree, and
 * only then caches what was authenticated ({@link CacheWriter}).
 */
final class LookupService {
  private final SumdbStore store;
  private final LookupReader lookups;
  private final History history;
  private final CacheWriter cache;
  private final boolean online;

  LookupService(SumdbStore store, LookupReader lookups, History history, CacheWriter cache, boolean online) {
    this.store = store;
    this.lookups = lookups;
    this.history = history;
    this.cache = cache;
    this.online = online;
  }

  /** What one call authenticated so far, cached at its end. */
  private static final class Call {
    final History.Stored stored;
    /** Whether a step merged the stored tree into the history. */
    boolean merged;
    final List<VerifiedTile> tiles = new ArrayList<>();
    final List<VerifiedLookup> lookups = new ArrayList<>();

    Call(History.Stored stored) {
      this.stored = stored;
    }
  }

  /** See {@link SumdbClient#lookupAll}. */
  Map<ModuleVersion, Outcome> lookupAll(Collection<ModuleVersion> modules) throws IOException, SumdbException {
    List<ModuleVersion> unique = new ArrayList<>(new LinkedHashSet<>(modules));
    Map<ModuleVersion, Outcome> out = new LinkedHashMap<>();
    List<LookupReader.Fetched> items = fetched(lookups.readAll(unique, true), out);
    Call call = new Call(history.begin());
    List<LookupReader.Fetched> corrupt = new ArrayList<>();
    proveEach(call, items, out, corrupt);
    if (!corrupt.isEmpty()) {
      if (!online) {
        throw CorruptCacheException.in(store, corrupt.stream().map(f -> "lookup/" + f.key()).toList(),
            "cached record does not authenticate against " + history.latest()
            + " or is not about the module version it is filed under", null);
      }
      List<LookupReader.Fetched> again = fetched(
          lookups.readAll(corrupt.stream().map(LookupReader.Fetched::module).toList(), false), out);
      List<LookupReader.Fetched> stillBad = new ArrayList<>();
      if (prove(call, again, again, out, stillBad) != null || !stillBad.isEmpty()) {
        throw new AssertionError("bad math in lookupAll: a remote record counted as cached or missing");
      }
    }
    end(call);
    Map<ModuleVersion, Outcome> ordered = new LinkedHashMap<>();
    for (ModuleVersion mv : unique) {
      ordered.put(mv, Objects.requireNonNull(out.get(mv), "bad math in lookupAll: no outcome"));
    }
    return ordered;
  }

  /** See {@link SumdbClient#merge}: {@code tree} is verified. */
  SignedTree merge(SignedTree tree) throws IOException, SumdbException {
    Call call = new Call(history.begin());
    History.Step s = history.prove(call.stored, List.of(tree), List.of());
    if (s instanceof History.Step.Missing m) {
      throw new MissingDataException(m.names());
    }
    if (s instanceof History.Step.Corrupt c) {
      throw c.failure();
    }
    call.merged = true;
    call.tiles.addAll(((History.Step.Proved) s).tiles());
    end(call);
    return history.latest();
  }

  /** See {@link SumdbClient#mergeStored}. */
  SignedTree mergeStored() throws IOException, SumdbException {
    Call call = new Call(history.begin());
    List<String> missing = prove(call, List.of(), List.of(), new LinkedHashMap<>(), new ArrayList<>());
    if (missing != null) {
      throw new MissingDataException(missing);
    }
    end(call);
    return history.latest();
  }

  /** See {@link SumdbClient#hashReader}: the authenticated hashes of {@code tree}, whose tiles are cached. */
  List<Hash> readHashes(SignedTree tree, long[] idx) throws IOException, SumdbException {
    AuthenticatedTiles.HashRead.Hashes h = history.readHashes(tree, idx);
    cache.write(h.tiles(), List.of());
    return h.hashes();
  }

  /** Ends a call that succeeded: stores the newest tree, then caches what the call authenticated. */
  private void end(Call call) throws IOException, SumdbException {
    call.tiles.addAll(history.sync(call.stored, call.merged));
    cache.write(call.tiles, call.lookups);
  }

  /**
   * The lookups read; the outcome of each that failed on its own goes to {@code out}. A security
   * failure is thrown once every read has finished; offline, cached responses that fail their
   * checks are a {@link CorruptCacheException} naming them all.
   */
  private List<LookupReader.Fetched> fetched(List<LookupReader.LookupRead> reads, Map<ModuleVersion, Outcome> out)
      throws SumdbException {
    List<LookupReader.Fetched> items = new ArrayList<>();
    List<LookupReader.LookupRead.CorruptCached> corrupt = new ArrayList<>();
    for (LookupReader.LookupRead r : reads) {
      if (r instanceof LookupReader.LookupRead.Rejected x) {
        throw x.failure();
      } else if (r instanceof LookupReader.LookupRead.Read x) {
        items.add(x.fetched());
      } else if (r instanceof LookupReader.LookupRead.Missing x) {
        out.put(x.module(), Outcome.failed(x.module(), new MissingDataException(List.of(x.name()))));
      } else if (r instanceof LookupReader.LookupRead.Failed x) {
        out.put(x.module(), Outcome.failed(x.module(), x.failure()));
      } else if (r instanceof LookupReader.LookupRead.CorruptCached x) {
        corrupt.add(x);
      }
    }
    if (corrupt.size() == 1) {
      LookupReader.LookupRead.CorruptCached c = corrupt.get(0);
      throw CorruptCacheException.in(store, List.of(c.name()), c.cause().getMessage(), c.cause());
    }
    if (!corrupt.isEmpty()) {
      throw CorruptCacheException.in(store, corrupt.stream().map(LookupReader.LookupRead.CorruptCached::name).toList(),
          "cached lookups do not verify", CorruptCacheException.in(store, List.of(corrupt.get(0).name()),
              corrupt.get(0).cause().getMessage(), corrupt.get(0).cause()));
    }
    return items;
  }

  /**
   * Proves every record at once; offline, if tiles are missing, the signed trees alone and then
   * each record alone (with its lookup's signed tree), so that a record whose tiles are cached gets
   * its outcome and only a record whose proofs need a missing tile fails, naming what it needs.
   * Records proved this way may be proved in different trees.
   */
  private void proveEach(Call call, List<LookupReader.Fetched> items, Map<ModuleVersion, Outcome> out,
      List<LookupReader.Fetched> corrupt) throws IOException, SumdbException {
    List<String> missing = prove(call, items, items, out, corrupt);
    if (missing == null) {
      return;
    }
    if (items.size() <= 1) {
      MissingDataException whole = new MissingDataException(missing);
      items.forEach(f -> out.put(f.module(), Outcome.failed(f.module(), whole)));
      return;
    }
    // Every signed tree consistent with the history, if their tiles are cached; if some lookup's
    // own signed tree cannot be checked either, each record alone, with its tree, tells.
    prove(call, items, List.of(), out, corrupt);
    for (LookupReader.Fetched f : items) {
      List<String> needs = prove(call, List.of(f), List.of(f), out, corrupt);
      if (needs != null) {
        out.put(f.module(), Outcome.failed(f.module(), new MissingDataException(needs)));
      }
    }
  }

  /**
   * One step: merges the signed trees of {@code treeSources} (and the stored one) into the
   * history, proves every record of {@code items} in the newest tree, and records outcomes. Cached
   * records that fail go to {@code corrupt}. Returns null, or offline the cache names of the data
   * the step needs and lacks.
   */
  private List<String> prove(Call call, List<LookupReader.Fetched> treeSources, List<LookupReader.Fetched> items,
      Map<ModuleVersion, Outcome> out, List<LookupReader.Fetched> corrupt) throws IOException, SumdbException {
    List<SignedTree> trees = new ArrayList<>();
    for (LookupReader.Fetched f : treeSources) {
      if (f.tree() != null) {
        trees.add(f.tree());
      }
    }
    if (items.isEmpty() && trees.isEmpty() && call.stored.tree() == null) {
      return null;
    }
    List<History.Leaf> leaves = new ArrayList<>();
    for (LookupReader.Fetched f : items) {
      leaves.add(new History.Leaf(f.response().id(),
          Hash.ofRecord(f.response().text().getBytes(StandardCharsets.UTF_8))));
    }
    History.Step step = history.prove(call.stored, trees, leaves);
    if (step instanceof History.Step.Missing m) {
      return m.names();
    }
    if (step instanceof History.Step.Corrupt c) {
      throw c.failure();
    }
    History.Step.Proved p = (History.Step.Proved) step;
    call.merged = true;
    call.tiles.addAll(p.tiles());
    for (int i = 0; i < items.size(); i++) {
      LookupReader.Fetched f = items.get(i);
      if (!p.leafOk()[i]) {
        if (f.fromCache()) {
          corrupt.add(f);
          continue;
        }
        throw new VerificationException(f.where() + ": cannot authenticate record data in server response: record "
            + f.response().id() + " is not leaf " + f.response().id() + " of " + p.tree());
      }
      List<String> lines = LookupResult.linesFor(f.module(), f.response().text());
      if (lines.isEmpty() && f.fromCache()) {
        corrupt.add(f); // a genuine record filed under the wrong name: the cache was tampered with
        continue;
      }
      if (lines.isEmpty()) {
        throw new VerificationException(f.where() + ": record " + f.response().id() + " (authenticated in "
            + p.tree() + ") has no go.sum lines for " + f.module() + ": the server answered with another record");
      }
      out.put(f.module(), Outcome.of(new LookupResult(f.module(), f.response().id(), f.response().text(),
          lines, p.tree())));
      if (!f.fromCache()) {
        call.lookups.add(new VerifiedLookup(f.key(), f.body(), p.tree()));
      }
    }
    return null;
  }
}
