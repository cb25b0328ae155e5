package dev.sumdb4j.tlog.http;

/** Every {@link HttpFetcherTest} over the other transport, java.net.http.HttpClient ({@link JdkTransport}). */
class HttpFetcherJdkTest extends HttpFetcherTest {
  @Override
  boolean jdk() {
    return true;
  }
}
