package dev.sumdb4j.tlog.http;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * TLS for an {@code http://} database that is made only if a connection needs it (a redirect to
 * https): {@link java.net.http.HttpClient} otherwise builds the JDK's default {@link SSLContext}
 * when it is created, loading the trust store and a few hundred classes, a sizeable part of a
 * short run's start-up. The context (the JDK's default one, or the one given) is created on first use.
 */
final class LazyTls {
  private LazyTls() {}

  /** An SSLContext that delegates to {@link SSLContext#getDefault()}, created on first use. */
  static SSLContext context() {
    return context(() -> Default.CONTEXT);
  }

  /** An SSLContext that delegates to the one {@code real} makes, made on first use. */
  static SSLContext context(Supplier<SSLContext> real) {
    return new Lazy(new Spi(real));
  }

  /**
   * The HttpClient's TLS parameters without asking the default context: the protocols of
   * {@code jdk.tls.client.protocols} when set, else TLS 1.3 and 1.2 (the JDK's default client
   * protocols); cipher suites and everything else as the engine's defaults.
   */
  static SSLParameters parameters() {
    SSLParameters p = new SSLParameters();
    String configured = System.getProperty("jdk.tls.client.protocols", "").trim();
    String[] protocols = configured.isEmpty()
        ? new String[] {"TLSv1.3", "TLSv1.2"}
        : Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    p.setProtocols(protocols);
    return p;
  }

  /** Reports whether {@code context}, made by {@link #context()}, was asked for anything (tests). */
  static boolean used(SSLContext context) {
    return context.getProvider() == PROVIDER && context instanceof Lazy l && l.spi.used;
  }

  private static final class Lazy extends SSLContext {
    final Spi spi;

    Lazy(Spi spi) {
      super(spi, PROVIDER, "Default");
      this.spi = spi;
    }
  }

  private static final Provider PROVIDER = new Provider("sumdb4j-lazy-tls", "1", "the JDK's default TLS, created on first use") {
    private static final long serialVersionUID = 1L;
  };

  private static final class Default {
    static final SSLContext CONTEXT = create();

    private static SSLContext create() {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no default TLS context in this JDK", e);
      }
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final Supplier<SSLContext> factory;
    private SSLContext context;
    volatile boolean used;

    Spi(Supplier<SSLContext> factory) {
      this.factory = factory;
    }

    private synchronized SSLContext real() {
      used = true;
      if (context == null) {
        context = factory.get();
      }
      return context;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
      throw new KeyManagementException("the default TLS context cannot be initialized again");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
    }
  }
}
