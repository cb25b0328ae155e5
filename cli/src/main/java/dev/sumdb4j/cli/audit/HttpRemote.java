package dev.sumdb4j.cli.audit;

import dev.sumdb4j.tlog.http.NotFoundException;
import dev.sumdb4j.tlog.http.Remote;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain {@link Remote} over the JDK HTTP client with a few retries on 429/5xx and transport
 * errors. Interim: the mirror should move to the project's HttpFetcher once it is on main.
 */
final class HttpRemote implements Remote {
  private static final int MAX_BYTES = 16 << 20;
  private final HttpClient client;
  private final String base;

  HttpRemote(URI base) {
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  @Override
  public byte[] get(String path) throws IOException {
    URI uri = URI.create(base + path);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("User-Agent", "sumdb4j-audit").build();
    IOException last = null;
    for (int attempt = 0; attempt < 4; attempt++) {
      try {
        if (attempt > 0) {
          Thread.sleep(250L << attempt);
        }
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        int code = r.statusCode();
        if (code == 200) {
          if (r.body().length > MAX_BYTES) {
            throw new IOException(uri + ": response larger than " + MAX_BYTES + " bytes");
          }
          return r.body();
        }
        if (code == 404 || code == 410) {
          throw new NotFoundException(uri.toString(), "not found (" + code + ")");
        }
        last = new IOException(uri + ": HTTP status " + code);
        if (code != 429 && code < 500) {
          throw last;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted: " + uri);
      } catch (NotFoundException e) {
        throw e;
      } catch (IOException e) {
        if (last == e) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }
}
