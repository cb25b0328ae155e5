package dev.sumdb4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CausesTest {
  private static final class Complete extends IOException {
    Complete(String m, Throwable cause) {
      super(m, cause);
    }
  }

  @Test
  void message_joinsTheChain_skippingRepeats() {
    IOException inner = new IOException("connection reset");
    IOException mid = new IOException("reading /lookup/x", inner);
    assertEquals("reading /lookup/x: connection reset", Causes.message(mid, c -> false));
    // a wrapper that only repeats its cause (ExecutionException's default message) is skipped
    assertEquals("reading /lookup/x: connection reset", Causes.message(new ExecutionException(mid), c -> false));
    // a cause the wrapper already quotes is not said twice
    IOException quoting = new IOException("fetch: connection reset", inner);
    assertEquals("fetch: connection reset", Causes.message(quoting, c -> false));
  }

  @Test
  void message_endsAfterACompleteMessage() {
    Complete host = new Complete("h: connection refused (dial h:1)", new ConnectException("Connect to http://h:1 failed"));
    IOException outer = new IOException("reading http://h:1/x", host);
    assertEquals("reading http://h:1/x: h: connection refused (dial h:1)",
        Causes.message(outer, Complete.class::isInstance));
    assertEquals("reading http://h:1/x: h: connection refused (dial h:1): Connect to http://h:1 failed",
        Causes.message(outer, c -> false));
  }

  @Test
  void message_noMessages_theClassName_andACycleEnds() {
    assertEquals("IOException", Causes.message(new IOException(), c -> false));
    IOException a = new IOException("a");
    IOException b = new IOException("b", a);
    a.initCause(b);
    assertEquals("a: b", Causes.message(a, c -> false));
  }
}
