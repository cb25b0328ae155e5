package dev.sumdb4j.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumdb4j.MalformedInputException;
import dev.sumdb4j.SumdbException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tlog vectors of vectors.md section V5. */
class VectorsTest {
  private static final MemoryHashes LOG = MemoryHashes.leaves(100);

  private static Hash h(String b64) throws MalformedInputException {
    return Hash.parse(b64);
  }

  private static List<Hash> hashes(String spaceSeparated) throws MalformedInputException {
    List<Hash> out = new ArrayList<>();
    for (String s : spaceSeparated.trim().split(" ")) {
      if (!s.isEmpty()) {
        out.add(h(s));
      }
    }
    return out;
  }

  @Test
  void basicHashes_v51_match() throws Exception {
    assertEquals("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=",
        Hash.ofRecord("hello world".getBytes(StandardCharsets.UTF_8)).toString());
    assertEquals("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=", Hash.ofRecord(new byte[0]).toString());
    assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Hash.emptyTree().toString());
    assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", TreeHash.of(0, LOG).toString());
    Hash zero = Hash.of(new byte[32]);
    assertEquals("rgeY0Oyu0rd47d6/GPBxpWHFNljAXnbO3swnyvvbxXc=", Hash.ofNode(zero, zero).toString());
  }

  @Test
  void hashParse_nonCanonical_fails() {
    for (String bad : new String[] {"", "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0",
        "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb1=", "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0==",
        "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=", "AAAA", " TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0="}) {
      assertThrows(MalformedInputException.class, () -> Hash.parse(bad), bad);
    }
  }

  @Test
  void storedIndex_v52_table() {
    long[][] table = {
        {0, 1, 3, 4, 7, 8, 10, 11, 15, 16},
        {2, 5, 9, 12, 17, 20, 24, 27, 33, 36},
        {6, 13, 21, 28, 37, 44, 52, 59, 69, 76},
        {14, 29, 45, 60, 77, 92, 108, 123, 141, 156}};
    for (int level = 0; level < table.length; level++) {
      for (int n = 0; n < 10; n++) {
        assertEquals(table[level][n], StoredHashes.index(level, n), level + "," + n);
        assertArrayEquals(new long[] {level, n}, StoredHashes.split(table[level][n]));
      }
    }
    long[] counts = {0, 1, 3, 4, 7, 8, 10, 11, 15, 16, 18, 19, 22, 23, 25, 26, 31};
    for (int n = 0; n < counts.length; n++) {
      assertEquals(counts[n], StoredHashes.count(n), "count " + n);
      assertEquals(StoredHashes.index(0, n), StoredHashes.count(n));
    }
    String split = "0=(0,0) 1=(0,1) 2=(1,0) 3=(0,2) 4=(0,3) 5=(1,1) 6=(2,0) 7=(0,4) 8=(0,5) 9=(1,2) "
        + "10=(0,6) 11=(0,7) 12=(1,3) 13=(2,1) 14=(3,0) 15=(0,8) 16=(0,9) 17=(1,4) 18=(0,10) 19=(0,11) 20=(1,5)";
    for (String e : split.split(" ")) {
      String[] kv = e.split("=");
      String[] ln = kv[1].substring(1, kv[1].length() - 1).split(",");
      assertArrayEquals(new long[] {Long.parseLong(ln[0]), Long.parseLong(ln[1])},
          StoredHashes.split(Long.parseLong(kv[0])), e);
    }
  }

  @Test
  void storedIndex_splitInvertsIndex_forManyIndexes() {
    for (long x = 0; x < 100_000; x++) {
      long[] ln = StoredHashes.split(x);
      assertEquals(x, StoredHashes.index((int) ln[0], ln[1]));
    }
    long big = StoredHashes.index(20, (1L << 40) + 12345);
    long[] ln = StoredHashes.split(big);
    assertArrayEquals(new long[] {20, (1L << 40) + 12345}, ln);
  }

  @Test
  void storedHashes_leafTree_v53() throws Exception {
    String[] want = {
        "G7l9zCFjXUfiZj79/QoXRobZjdcBNS3SzQbotD/T0wU=", "y1o86GLD4yHz999tJpBUnpNqjjdxNarp89afaR9UfVs=",
        "/F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM=", "qze6NNHf4pAV3nF6bVdkqPsCnDp6D1tkuTtUNRiFv3w=",
        "WL0UluFoSqySAcLmh+565PUclqiw2B7zWDYouT0800U=", "T3SUBxyjgqXFBnzEEHepmf13IuBqJqqd53G+kz3BAh0=",
        "T2MQhKFXxU9U/Psj/164ZQxLoWDClbsTqYMrEJ1SZ34=", "gxFfiUeVX6/cKifn9MCFS72Nonuxs+NAXbVxya+Nvho=",
        "la3xW37122c4aouvvv7k0UVmKvpFB0DhhoVT6DSO06A=", "dauSgmjIb0TaXUJBGI7XHkqrLU131tUBF9rZSoQu3gM=",
        "+3+GnOi3tR/fcZ/IwhpHNsmMwWCoJWBqgfeKf00iYdk=", "S0cR0FayJ4OSwjH9QYWK3qjKiTrQxwSPV9omggAoRf4=",
        "brzFS2cQ7gYQp/yCzeUXE9soDj3IRRW96WMqGbZaC5M=", "w+azuR86E7mkJwss2RFiOrs6eoVa9ebktxyE+ZDNxGk=",
        "xcLIIO00L92ozolra5z1uMAKIcxLIHFMxuXTwFw1JAs="};
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], LOG.readHashes(new long[] {i}).get(0).toString(), "stored " + i);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      "1 G7l9zCFjXUfiZj79/QoXRobZjdcBNS3SzQbotD/T0wU=", "2 /F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM=",
      "3 1Pksj7uJcg6ztVZ3x9fvrd/rENEaGoSguo8aIzN/qpU=", "4 T2MQhKFXxU9U/Psj/164ZQxLoWDClbsTqYMrEJ1SZ34=",
      "5 NBUVmC1lDiNSDb1U1/zwr6G3DMOhakEdRk3JwayWwwE=", "7 WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=",
      "8 xcLIIO00L92ozolra5z1uMAKIcxLIHFMxuXTwFw1JAs=", "15 fVzzjAuL1L7jzmFz9tz5qEGoP+KqOuhVpFCx/Y/vZPk=",
      "16 cUopKYyn2GQ5dRAFaUmcIwnoOm8vlwkC3EbvMuvBsA8=", "17 Ru8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=",
      "31 nmikCPYNU7C/+W53WD/35id8hHNxfxVgFj8yfB6UVc8=", "32 mltaKilXHK09gVVfNL8yVv2lYnlpHN7DT1fI9ISss/o=",
      "33 0IoDeSW+ZpQVxQLyjOW7Vc1g3mlXjXWSc5v1dZ+x+Qo=", "64 8mHiNpLZeP2sP9lJ21SVlApDeuZxuabd6aphGNADZS8=",
      "99 dIXMo/ZnfEi/1G3nbwd/PshCm7qSdUxAbXjOMfB1eG0=", "100 E/iJFcVg3JEaHaD7IJ2EoglxBR8pTr60KPs/wpOvJ0M="})
  void treeHash_leafTree_v53(long n, String want) throws Exception {
    assertEquals(want, TreeHash.of(n, LOG).toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "1;0;",
      "2;1;G7l9zCFjXUfiZj79/QoXRobZjdcBNS3SzQbotD/T0wU=",
      "7;6;dauSgmjIb0TaXUJBGI7XHkqrLU131tUBF9rZSoQu3gM= T2MQhKFXxU9U/Psj/164ZQxLoWDClbsTqYMrEJ1SZ34=",
      "8;3;qze6NNHf4pAV3nF6bVdkqPsCnDp6D1tkuTtUNRiFv3w= /F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM= w+azuR86E7mkJwss2RFiOrs6eoVa9ebktxyE+ZDNxGk=",
      "100;42;MtZISa/30AwcCM/DX3L903rkGtBMUNPQoiLOnVL3gMk= HQlfFgoDPwjZ6IoYgRWK2+OATgYDWokzm08K4D1treU= "
          + "BUp4UENvDQWQreOrL0X1+H2FjEujUU2muPocCKsPIuE= 33CoGkNmy/3D5H2IeSPc6bAZvEd9ZWBL2e3eC8OXwTI= "
          + "nElKb1se8i1C8FCfRZNrilwF6OoGvvi0IyTxX9Usl9Y= mltaKilXHK09gVVfNL8yVv2lYnlpHN7DT1fI9ISss/o= "
          + "Ww8HmgYW6QBAbUdlvADEdLQtGc3Ps/Qs678QKnwkB/w="})
  void recordProof_leafTree_v53(long t, long n, String want) throws Exception {
    List<Hash> w = hashes(want == null ? "" : want);
    RecordProof p = RecordProof.prove(t, n, LOG);
    assertEquals(w, p.hashes());
    RecordProof.check(RecordProof.of(w), t, TreeHash.of(t, LOG), n, Hash.ofRecord(MemoryHashes.leaf(n)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "2;1;y1o86GLD4yHz999tJpBUnpNqjjdxNarp89afaR9UfVs=",
      "7;3;qze6NNHf4pAV3nF6bVdkqPsCnDp6D1tkuTtUNRiFv3w= WL0UluFoSqySAcLmh+565PUclqiw2B7zWDYouT0800U= "
          + "/F9riP+FVPdbsvnm85wxsZNtRLaSdu33sSBalVuXYeM= AVcbVXvHBnJlDUZ8e62DN+CafzVKcgUfI7Q6eCwPSOY=",
      "8;4;w+azuR86E7mkJwss2RFiOrs6eoVa9ebktxyE+ZDNxGk=",
      "100;37;s0iJOUVkKQwAxsx9UEPV48IZlITDAcEYKvNGdY3fEbQ= kAI2mHOU4t9fH4VMoQP22+YMp8FQ8JRBQSq7mpXSV4Q= "
          + "OFkRC2Ia2bvMlPrsumkqr45ay32xXRqkGmqk4mmKIGk= W+d7jKTb7oTFmtC8yxfVbHM3UNCm0beA3j2Olp3QMWI= "
          + "IFQ7jalskgBDvkqooacH36ByRDZ2D7pWPDROL9wwqIU= nElKb1se8i1C8FCfRZNrilwF6OoGvvi0IyTxX9Usl9Y= "
          + "mltaKilXHK09gVVfNL8yVv2lYnlpHN7DT1fI9ISss/o= Ww8HmgYW6QBAbUdlvADEdLQtGc3Ps/Qs678QKnwkB/w=",
      "100;64;Ww8HmgYW6QBAbUdlvADEdLQtGc3Ps/Qs678QKnwkB/w="})
  void treeProof_leafTree_v53(long t, long n, String want) throws Exception {
    List<Hash> w = hashes(want);
    assertEquals(w, TreeProof.prove(t, n, LOG).hashes());
    TreeProof.check(TreeProof.of(w), t, TreeHash.of(t, LOG), n, TreeHash.of(n, LOG));
  }

  @Test
  void prove_invalidInputs_fail() {
    assertThrows(SumdbException.class, () -> RecordProof.prove(5, 5, LOG));
    assertThrows(SumdbException.class, () -> RecordProof.prove(5, -1, LOG));
    assertThrows(SumdbException.class, () -> TreeProof.prove(5, 6, LOG));
    assertThrows(SumdbException.class, () -> TreeProof.prove(5, -1, LOG));
  }

  @Test
  void readers_wrongCount_fail() {
    HashReader shortReader = idx -> List.of();
    SumdbException e = assertThrows(SumdbException.class, () -> TreeHash.of(3, shortReader));
    assertEquals("tlog: ReadHashes(2 indexes) = 0 hashes", e.getMessage());
    assertThrows(SumdbException.class, () -> RecordProof.prove(8, 3, shortReader));
    assertThrows(SumdbException.class, () -> StoredHashes.forRecord(1, new byte[0], shortReader));
  }
}
