package dev.sumdb4j.tlog.audit;

import static java.lang.invoke.MethodType.methodType;

import dev.sumdb4j.tlog.Hash;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * SHA-256 of many short messages, for the audit's hot loop; one instance per thread.
 *
 * <p>For a message of one to three blocks (a tree node, a record), {@link MessageDigest} spends
 * about as long on its own bookkeeping (buffering, padding, zeroing its buffer at every reset) as
 * on the blocks. When {@code java.base} opens {@code sun.security.provider} to this code (the
 * command's jar asks for it with {@code Add-Opens} in its manifest; an embedding application may
 * pass {@code --add-opens java.base/sun.security.provider=ALL-UNNAMED}), {@link #create} returns
 * a hasher that pads the message itself and hands whole blocks to the JDK's own SHA-256 block
 * function, which the JIT compiles to the same CPU instructions MessageDigest ends in: a quarter
 * to a third less time per hash. That hasher is checked against MessageDigest when this class is
 * loaded; if anything is missing or differs, {@link #create} returns a MessageDigest one instead.
 * The system property {@code sumdb4j.directSha256=false} forces the latter.
 */
abstract class BulkSha256 {
  /** Bytes of a node slot for {@link #hashNode}: a 65-byte node, then its SHA-256 padding. */
  static final int NODE_SLOT = 128;
  private static final int NODE = 1 + 2 * Hash.SIZE;

  private static final VarHandle BIG_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Writes SHA-256 of {@code b[off, off + len)} into {@code out[o, o + 32)}. */
  abstract void hash(byte[] b, int off, int len, byte[] out, int o);

  /**
   * Writes SHA-256 of the 65-byte node {@code slot[off, off + 65)} into {@code out[o, o + 32)};
   * {@code slot[off + 65, off + 128)} must hold the padding {@link #padNode} wrote (untouched
   * since, as hashing leaves it).
   */
  abstract void hashNode(byte[] slot, int off, byte[] out, int o);

  /** Writes the SHA-256 padding of a 65-byte message into {@code slot[off + 65, off + 128)}. */
  static void padNode(byte[] slot, int off) {
    Objects.checkFromIndexSize(off, NODE_SLOT, slot.length);
    slot[off + NODE] = (byte) 0x80;
    Arrays.fill(slot, off + NODE + 1, off + NODE_SLOT - 8, (byte) 0);
    BIG_LONGS.set(slot, off + NODE_SLOT - 8, (long) NODE << 3);
  }

  /** Returns a new hasher: the direct one when available (see the class comment), else portable. */
  static BulkSha256 create() {
    if (Direct.AVAILABLE) {
      return new Direct();
    }
    return portable();
  }

  /** Returns a new hasher over {@link MessageDigest}. */
  static BulkSha256 portable() {
    return new Portable();
  }

  /** Returns whether {@link #create} returns the direct hasher. */
  static boolean directAvailable() {
    return Direct.AVAILABLE;
  }

  /** Returns a new SHA-256 {@link MessageDigest}. */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every Java platform", e);
    }
  }

  private static final class Portable extends BulkSha256 {
    private final MessageDigest md = newDigest();

    @Override
    void hash(byte[] b, int off, int len, byte[] out, int o) {
      Objects.checkFromIndexSize(off, len, b.length);
      Objects.checkFromIndexSize(o, Hash.SIZE, out.length);
      md.update(b, off, len);
      digest(out, o);
    }

    @Override
    void hashNode(byte[] slot, int off, byte[] out, int o) {
      Objects.checkFromIndexSize(off, NODE_SLOT, slot.length);
      Objects.checkFromIndexSize(o, Hash.SIZE, out.length);
      md.update(slot, off, NODE);
      digest(out, o);
    }

    private void digest(byte[] out, int o) {
      try {
        md.digest(out, o, Hash.SIZE);
      } catch (DigestException e) {
        throw new AssertionError("MessageDigest refused a checked range", e);
      }
    }
  }

  /**
   * Calls {@code DigestBase.implCompressMultiBlock} of a {@code SHA2.SHA256} it owns: that method
   * runs the block function over {@code b[ofs, limit + 64)} into the object's {@code state}, which
   * this class sets to SHA-256's initial value before and reads the hash from after. Every range
   * is checked here first (the JDK's own check of it is looser).
   */
  private static final class Direct extends BulkSha256 {
    private static final int BLOCK = 64;
    private static final int[] INITIAL = {
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };
    private static final MethodHandle NEW;
    private static final MethodHandle COMPRESS;
    private static final VarHandle STATE;
    static final boolean AVAILABLE;

    static {
      MethodHandle make = null;
      MethodHandle compress = null;
      VarHandle state = null;
      boolean ok = !"false".equals(System.getProperty("sumdb4j.directSha256"));
      if (ok) {
        try {
          Class<?> base = Class.forName("sun.security.provider.DigestBase");
          Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
          Class<?> sha256 = Class.forName("sun.security.provider.SHA2$SHA256");
          MethodHandles.Lookup here = MethodHandles.lookup();
          make = MethodHandles.privateLookupIn(sha256, here)
              .findConstructor(sha256, methodType(void.class))
              .asType(methodType(Object.class));
          compress = MethodHandles.privateLookupIn(base, here)
              .findVirtual(base, "implCompressMultiBlock",
                  methodType(int.class, byte[].class, int.class, int.class))
              .asType(methodType(int.class, Object.class, byte[].class, int.class, int.class));
          state = MethodHandles.privateLookupIn(sha2, here).findVarHandle(sha2, "state", int[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
          ok = false; // not opened to us (IllegalAccessException), or another JDK's internals
        }
      }
      NEW = make;
      COMPRESS = compress;
      STATE = state;
      AVAILABLE = ok && selfTest();
    }

    private final Object spi;
    private final int[] state;
    private final byte[] tail = new byte[2 * BLOCK];

    Direct() {
      try {
        spi = (Object) NEW.invokeExact();
      } catch (Throwable t) {
        throw new AssertionError("cannot make a SHA2.SHA256 although the self-test passed", t);
      }
      int[] s = (int[]) STATE.get(spi);
      if (s == null || s.length != INITIAL.length) {
        throw new AssertionError("unexpected SHA2.state although the self-test passed");
      }
      state = s;
    }

    /** Compares this hasher with MessageDigest on every length up to three blocks and on nodes. */
    private static boolean selfTest() {
      try {
        Direct d = new Direct();
        MessageDigest md = newDigest();
        byte[] data = new byte[3 * BLOCK + 9];
        new Random(8).nextBytes(data);
        byte[] got = new byte[Hash.SIZE];
        for (int len = 0; len + 1 <= data.length; len++) {
          d.hash(data, 1, len, got, 0);
          md.update(data, 1, len);
          if (!Arrays.equals(got, md.digest())) {
            return false;
          }
        }
        byte[] slot = new byte[NODE_SLOT + 3];
        System.arraycopy(data, 0, slot, 3, NODE);
        padNode(slot, 3);
        d.hashNode(slot, 3, got, 0);
        md.update(data, 0, NODE);
        return Arrays.equals(got, md.digest());
      } catch (Throwable t) {
        return false;
      }
    }

    @Override
    void hash(byte[] b, int off, int len, byte[] out, int o) {
      Objects.checkFromIndexSize(off, len, b.length);
      Objects.checkFromIndexSize(o, Hash.SIZE, out.length);
      System.arraycopy(INITIAL, 0, state, 0, INITIAL.length);
      int whole = len & -BLOCK;
      if (whole > 0) {
        compress(b, off, off + whole - BLOCK);
      }
      int rest = len - whole;
      byte[] t = tail;
      System.arraycopy(b, off + whole, t, 0, rest);
      t[rest] = (byte) 0x80;
      int end = rest + 9 <= BLOCK ? BLOCK : 2 * BLOCK;
      Arrays.fill(t, rest + 1, end - 8, (byte) 0);
      BIG_LONGS.set(t, end - 8, (long) len << 3);
      compress(t, 0, end - BLOCK);
      output(out, o);
    }

    @Override
    void hashNode(byte[] slot, int off, byte[] out, int o) {
      Objects.checkFromIndexSize(off, NODE_SLOT, slot.length);
      Objects.checkFromIndexSize(o, Hash.SIZE, out.length);
      System.arraycopy(INITIAL, 0, state, 0, INITIAL.length);
      compress(slot, off, off + BLOCK);
      output(out, o);
    }

    /** Runs the block function over the blocks starting at {@code ofs, ofs + 64, ..., <= limit}. */
    private void compress(byte[] b, int ofs, int limit) {
      try {
        int unusedEnd = (int) COMPRESS.invokeExact(spi, b, ofs, limit);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError("SHA2.implCompressMultiBlock threw a checked exception", t);
      }
    }

    /*
     * Plain byte stores, not a big-endian int VarHandle: C2 in JDK 17.0.15 compiled the VarHandle
     * stores into 32 zero bytes after about 30,000 calls when the caller had just allocated `out`
     * (seen with Hash.node's new byte[32] while trying this hasher for tile hashing; the audit passes
     * long-lived arrays, and a hot loop of hashNode into new arrays did not reproduce it). A hash of
     * zeros fails closed, but a wrong hash is a wrong hash.
     */
    private void output(byte[] out, int o) {
      int[] s = state;
      for (int i = 0; i < INITIAL.length; i++) {
        int v = s[i];
        int p = o + 4 * i;
        out[p] = (byte) (v >>> 24);
        out[p + 1] = (byte) (v >>> 16);
        out[p + 2] = (byte) (v >>> 8);
        out[p + 3] = (byte) v;
      }
    }
  }
}
