package dev.sumdb4j.tlog.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumdb4j.FailureKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pieces {@link HttpFetcher} is made of, one at a time. */
class PiecesTest {
  @Test
  void cappedBody_successBody_atCapKeptAboveFails() throws IOException {
    assertArrayEquals(new byte[100], new CappedBody("u", 100, true, -1).readFrom(new ByteArrayInputStream(new byte[100])));
    ResponseTooLargeException e = assertThrows(ResponseTooLargeException.class,
        () -> new CappedBody("http://h/x", 100, true, -1).readFrom(new ByteArrayInputStream(new byte[101])));
    assertEquals("response from http://h/x exceeds 100 bytes", e.getMessage());
    assertEquals("http://h/x", e.url());
    assertEquals(100, e.cap());
    assertEquals(OptionalLong.empty(), e.declaredLength(), "the body grew past the cap: nothing was declared");
  }

  @Test
  void responseTooLarge_isUnavailable_notAMisbehavingServer() {
    // Nothing of an oversized answer was authenticated: no evidence against the log (exit 4, not 3).
    assertEquals(FailureKind.UNAVAILABLE, FailureKind.of(new ResponseTooLargeException("u", 1, -1, "too large")));
    assertEquals(FailureKind.UNAVAILABLE, FailureKind.of(new ResponseTooLargeException("u", 1, 2, "too large")));
    assertThrows(IllegalArgumentException.class, () -> new ResponseTooLargeException("u", 10, 10, "not above"));
    assertThrows(IllegalArgumentException.class, () -> new ResponseTooLargeException("u", -1, -1, "no cap"));
  }

  @Test
  void cappedBody_declaredLengthAboveCap_rejectedBeforeReading() {
    InputStream never = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("read a body whose declared length is above the cap");
      }
    };
    ResponseTooLargeException e = assertThrows(ResponseTooLargeException.class,
        () -> new CappedBody("u", 100, true, 101).readFrom(never));
    assertEquals(OptionalLong.of(101), e.declaredLength());
    assertEquals(100, e.cap());
  }

  @Test
  void cappedBody_errorBody_cutAtItsCap() throws IOException {
    CappedBody b = CappedBody.forStatus("u", 503, 1 << 20, -1);
    assertTrue(b.accept(ByteBuffer.wrap(new byte[4000])));
    assertFalse(b.accept(ByteBuffer.wrap(new byte[4000])), "an error body past its cap is not read further");
    assertEquals(CappedBody.ERROR_BODY_BYTES, b.finish().length);
  }

  @Test
  void cappedBody_declaredLength_sizesTheArrayExactly() throws IOException {
    CappedBody b = new CappedBody("u", 1 << 20, true, 5);
    b.accept(ByteBuffer.wrap(new byte[] {1, 2}));
    b.accept(ByteBuffer.wrap(new byte[] {3, 4, 5}));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, b.finish());
  }

  private static RetryPolicy retry(double jitter) {
    return new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(60),
        d -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC),
        () -> jitter);
  }

  @Test
  void retryPolicy_backoffDoublesToItsCap_jitterInTheUpperHalf() {
    RetryPolicy top = retry(1.0);
    assertEquals(Duration.ofMillis(100), top.backoff(0));
    assertEquals(Duration.ofMillis(200), top.backoff(1));
    assertEquals(Duration.ofMillis(300), top.backoff(2));
    assertEquals(Duration.ofMillis(300), top.backoff(30));
    assertEquals(Duration.ofMillis(50), retry(0.0).backoff(0));
    assertEquals(Duration.ofMillis(100), retry(Double.NaN).backoff(0), "a broken jitter source waits the full backoff");
  }

  @Test
  void retryPolicy_whatIsRetried() {
    RetryPolicy p = retry(1.0);
    assertTrue(p.retriesStatus(429, 0));
    assertTrue(p.retriesStatus(503, 2));
    assertFalse(p.retriesStatus(503, 3), "retries exhausted");
    assertFalse(p.retriesStatus(404, 0));
    assertFalse(p.retriesStatus(418, 0));
    assertTrue(p.retriesFailure(new ConnectException("refused"), 0));
    assertFalse(p.retriesFailure(new HttpTimeoutException("slow"), 0));
    assertFalse(p.retriesFailure(new ResponseTooLargeException("u", 1, -1, "too large"), 0));
    assertFalse(p.retriesFailure(new javax.net.ssl.SSLHandshakeException("bad certificate"), 0));
  }

  @Test
  void retryPolicy_retryAfter_parsedAndCapped() {
    RetryPolicy p = retry(1.0);
    assertEquals(Optional.of(Duration.ofSeconds(7)), p.requested(Optional.of("7")));
    assertEquals(Optional.of(Duration.ofSeconds(30)), p.requested(Optional.of("Mon, 23 Nov 2026 12:00:30 GMT")));
    assertEquals(Optional.empty(), p.requested(Optional.of("soon")));
    assertEquals(Optional.empty(), p.requested(Optional.empty()));
    assertEquals(Duration.ofSeconds(60), p.cap(Duration.ofDays(1)));
  }

  @Test
  void budget_requestTimeoutAndOverallDeadline() {
    AtomicLong now = new AtomicLong(1_000);
    Budget none = Budget.start(now::get, Duration.ofNanos(500), null);
    Budget.Deadline d = none.forRequest();
    assertEquals(1_500, d.at());
    assertFalse(d.overall());
    now.set(1_200);
    assertEquals(300, none.remaining(d));
    assertTrue(none.beyond(d, Duration.ofNanos(300)));
    assertFalse(none.beyond(d, Duration.ofNanos(299)));

    now.set(0);
    Budget overall = Budget.start(now::get, Duration.ofNanos(500), Duration.ofNanos(800));
    assertEquals(new Budget.Deadline(500, false), overall.forRequest());
    now.set(600);
    assertEquals(new Budget.Deadline(800, true), overall.forRequest(), "the overall deadline comes first");
    assertEquals(Long.MAX_VALUE, Budget.start(() -> Long.MAX_VALUE - 1, Duration.ofSeconds(1), Duration.ofDays(1))
        .overallEnd(), "saturated, not wrapped");
  }

  @Test
  void hostState_failFast_remembersTheFirstFailurePerSchemeHostAndPort() {
    URI a = URI.create("https://sum.golang.org/latest");
    HostState off = new HostState(false);
    HostUnavailableException refused = new HostUnavailableException("sum.golang.org", "connection refused", "", null);
    assertSame(refused, off.fail(a, refused));
    assertNull(off.refusal(a), "without fail-fast nothing is remembered");

    HostState on = new HostState(true);
    assertSame(refused, on.fail(a, refused));
    HostUnavailableException later = on.refusal(URI.create("https://SUM.golang.org:443/lookup/x@v1"));
    assertEquals(refused.getMessage(), later.getMessage());
    assertFalse(later.sent());
    HostUnavailableException second = on.fail(a, new HostUnavailableException("sum.golang.org", "no such host", "", null));
    assertEquals(refused.getMessage(), second.getMessage(), "the first failure is the one reported");
    assertNull(on.refusal(URI.create("http://sum.golang.org/latest")), "another scheme (port) is another host");
    assertNull(on.refusal(URI.create("https://sum.golang.org:8443/latest")));
  }

  @Test
  void failures_statusWithReasonPhrase() {
    assertEquals("404 Not Found", Failures.status(404));
    assertEquals("418", Failures.status(418));
    assertEquals("5 s", Failures.seconds(Duration.ofSeconds(5)));
    assertEquals("1500 ms", Failures.seconds(Duration.ofMillis(1500)));
  }
}
