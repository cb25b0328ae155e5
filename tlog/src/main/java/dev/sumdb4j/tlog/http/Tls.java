package dev.sumdb4j.tlog.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of every fetcher: the JDK's trust store plus any extra CAs (SSL_CERT_FILE,
 * SSL_CERT_DIR), and a failed certificate check that names the host and the certificate; and TLS
 * failures in words.
 */
final class Tls {
  private static final String HINT = "to trust a company CA, set SSL_CERT_FILE to a PEM file with your CA";

  private Tls() {}

  /** A TLS context trusting the JDK's CAs and {@code extra}. */
  static SSLContext context(List<X509Certificate> extra) {
    try {
      X509ExtendedTrustManager jdk = trustManager(null);
      X509ExtendedTrustManager more = null;
      if (!extra.isEmpty()) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        for (int i = 0; i < extra.size(); i++) {
          ks.setCertificateEntry("extra-" + i, extra.get(i));
        }
        more = trustManager(ks);
      }
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {new Trust(jdk, more)}, null);
      return c;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    for (TrustManager t : f.getTrustManagers()) {
      if (t instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager in this JDK");
  }

  /**
   * Trusts a server if the JDK's trust store or the extra CAs do (host names checked by either);
   * otherwise fails naming the host and the certificate.
   */
  private static final class Trust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jdk;
    private final X509ExtendedTrustManager extra;

    Trust(X509ExtendedTrustManager jdk, X509ExtendedTrustManager extra) {
      this.jdk = jdk;
      this.extra = extra;
    }

    @FunctionalInterface
    private interface Check {
      void check(X509ExtendedTrustManager tm) throws CertificateException;
    }

    private void server(X509Certificate[] chain, String host, Check check) throws CertificateException {
      try {
        check.check(jdk);
        return;
      } catch (CertificateException e) {
        CertificateException last = e;
        if (extra != null) {
          try {
            check.check(extra);
            return;
          } catch (CertificateException e2) {
            last = isHostMismatch(e) ? e : e2;
          }
        }
        if (isHostMismatch(last)) {
          throw last;
        }
        throw new UntrustedCertificateException(describe(chain, host), last);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      server(chain, engine == null ? null : engine.getPeerHost(), tm -> tm.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      javax.net.ssl.SSLSession session = socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getHandshakeSession() : null;
      server(chain, session == null ? null : session.getPeerHost(), tm -> tm.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      server(chain, null, tm -> tm.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      jdk.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      jdk.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>(List.of(jdk.getAcceptedIssuers()));
      if (extra != null) {
        all.addAll(List.of(extra.getAcceptedIssuers()));
      }
      return all.toArray(new X509Certificate[0]);
    }
  }

  private static boolean isHostMismatch(CertificateException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    return m.startsWith("No subject alternative") || m.startsWith("No name matching");
  }

  /** {@code certificate "<subject>" issued by "<issuer>" (served by <host>)}. */
  private static String describe(X509Certificate[] chain, String host) {
    if (chain == null || chain.length == 0) {
      return "no certificate" + (host == null ? "" : " served by " + host);
    }
    X509Certificate leaf = chain[0];
    X509Certificate top = chain[chain.length - 1];
    StringBuilder b = new StringBuilder("certificate \"").append(leaf.getSubjectX500Principal().getName())
        .append("\" issued by \"").append(top.getIssuerX500Principal().getName()).append('"');
    if (host != null) {
      b.append(" served by ").append(host);
    }
    return b.append(" chains to no trusted CA").toString();
  }

  /** The cause of a failed handshake in words. */
  static String reason(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UntrustedCertificateException || c instanceof CertPathBuilderException
          || c instanceof CertPathValidatorException) {
        return "TLS: certificate not trusted";
      }
      if (c instanceof CertificateException ce && isHostMismatch(ce)) {
        return "TLS: certificate not valid for this host";
      }
    }
    String m = failure.getMessage();
    return "TLS handshake failed" + (m == null || m.isEmpty() ? "" : ": " + m.toLowerCase(Locale.ROOT));
  }

  /** What was tried: the certificate (subject, issuer) where known, and how to trust a company CA. */
  static String detail(Throwable failure, String host) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UntrustedCertificateException u) {
        return u.getMessage() + "; " + HINT;
      }
      if (c instanceof CertificateException ce && isHostMismatch(ce)) {
        return ce.getMessage();
      }
      if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
        return "the certificate of " + host + " chains to no trusted CA; " + HINT;
      }
    }
    return "handshake with " + host;
  }

  /** A server certificate that chains to no trusted CA, naming it. */
  static final class UntrustedCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    UntrustedCertificateException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
