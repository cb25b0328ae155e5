package dev.sumdb4j.tlog.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.tlog.Hash;
import dev.sumdb4j.tlog.StoredHashes;
import dev.sumdb4j.tlog.tile.Tile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Total parsers (a value or MalformedInputException, nothing else) and round trips. */
class ParsersPropertiesTest {
  @Provide
  Arbitrary<String> line() {
    return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u07ff')
        .withCharRange('\ue000', '\uffff').ofMinLength(1).ofMaxLength(30);
  }

  @Provide
  Arbitrary<String> recordText() {
    return Combinators.combine(Arbitraries.of("", "\n"), line().list().ofMinSize(1).ofMaxSize(4))
        .as((lead, lines) -> lead + String.join("\n", lines) + "\n");
  }

  @Provide
  Arbitrary<List<String>> recordTexts() {
    return recordText().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Hash> hash() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
  }

  @Provide
  Arbitrary<Checkpoint> checkpoint() {
    Arbitrary<Checkpoint> c2sp = Combinators.combine(line().filter(s -> !s.equals(Checkpoint.SUMDB_ORIGIN)),
        Arbitraries.longs().between(0, StoredHashes.MAX_TREE_SIZE), hash(), line().list().ofMaxSize(3))
        .as(Checkpoint::new);
    Arbitrary<Checkpoint> sumdb = Combinators.combine(Arbitraries.longs().between(0, StoredHashes.MAX_TREE_SIZE), hash())
        .as((n, h) -> new Checkpoint(Checkpoint.SUMDB_ORIGIN, n, h, List.of()));
    return Arbitraries.oneOf(c2sp, sumdb);
  }

  @Provide
  Arbitrary<LookupResponse> lookup() {
    return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), recordText(),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(60)).as(LookupResponse::new);
  }

  /** Arbitrary bytes, or a valid encoding with one byte changed, inserted or removed. */
  private static Arbitrary<byte[]> mangled(Arbitrary<byte[]> valid) {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> randomText = Arbitraries.strings().withChars("go.sum database tree\n0123456789+-/=x\u00ff\u0001 ")
        .ofMaxLength(120).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> edited = Combinators.combine(valid, Arbitraries.integers().between(0, 1000),
        Arbitraries.bytes(), Arbitraries.integers().between(0, 2)).as((v, pos, val, op) -> {
          int p = v.length == 0 ? 0 : pos % (v.length + (op == 1 ? 1 : 0));
          if (op == 0 && v.length > 0) {
            byte[] out = v.clone();
            out[Math.min(p, v.length - 1)] = val;
            return out;
          } else if (op == 1) {
            byte[] out = new byte[v.length + 1];
            System.arraycopy(v, 0, out, 0, p);
            out[p] = val;
            System.arraycopy(v, p, out, p + 1, v.length - p);
            return out;
          } else if (v.length > 0) {
            int q = Math.min(p, v.length - 1);
            byte[] out = new byte[v.length - 1];
            System.arraycopy(v, 0, out, 0, q);
            System.arraycopy(v, q + 1, out, q, v.length - q - 1);
            return out;
          }
          return v;
        });
    return Arbitraries.oneOf(random, randomText, edited, valid);
  }

  @Provide
  Arbitrary<byte[]> checkpointBytes() {
    return mangled(checkpoint().map(Checkpoint::format));
  }

  @Provide
  Arbitrary<byte[]> lookupBytes() {
    return mangled(lookup().map(LookupResponse::format));
  }

  @Provide
  Arbitrary<byte[]> dataTileBytes() {
    return mangled(recordText().list().ofMinSize(1).ofMaxSize(4).map(DataTile::format));
  }

  @Property(tries = 2000)
  void checkpointParse_anyBytes_valueOrMalformed(@ForAll("checkpointBytes") byte[] b) {
    try {
      Checkpoint c = Checkpoint.parse("p", b);
      if (!c.origin().equals(Checkpoint.SUMDB_ORIGIN)) {
        assertArrayEquals(b, c.format()); // exact inverse for C2SP checkpoints
      }
      assertEquals(c, Checkpoint.parse("p", c.format()));
    } catch (MalformedInputException e) {
      // the only allowed failure
    }
  }

  @Property(tries = 2000)
  void lookupParse_anyBytes_valueOrMalformed(@ForAll("lookupBytes") byte[] b) {
    try {
      LookupResponse r = LookupResponse.parse("p", b);
      assertArrayEquals(b, r.format());
    } catch (MalformedInputException e) {
      // the only allowed failure
    }
  }

  @Property(tries = 2000)
  void dataTileParse_anyBytes_valueOrMalformed(@ForAll("dataTileBytes") byte[] b,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 5) int w) {
    try {
      List<String> texts = DataTile.parse("p", new Tile(8, -1, 0, w), b);
      assertEquals(w, texts.size());
      assertArrayEquals(b, DataTile.format(texts));
    } catch (MalformedInputException e) {
      // the only allowed failure
    }
  }

  @Property(tries = 300)
  void checkpoint_formatThenParse_roundTrips(@ForAll("checkpoint") Checkpoint c) throws Exception {
    assertEquals(c, Checkpoint.parse("p", c.format()));
  }

  @Property(tries = 300)
  void lookup_formatThenParse_roundTrips(@ForAll("lookup") LookupResponse r) throws Exception {
    assertEquals(r, LookupResponse.parse("p", r.format()));
  }

  @Property(tries = 300)
  void dataTile_formatThenParse_roundTrips(@ForAll("recordTexts") List<String> texts) throws Exception {
    Tile t = new Tile(8, -1, 7, texts.size());
    assertEquals(texts, DataTile.parse("p", t, DataTile.format(texts)));
  }
}
