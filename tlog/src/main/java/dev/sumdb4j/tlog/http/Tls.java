package dev.sumdb4j.tlog.http;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

/** TLS failures in words. */
final class Tls {
  private Tls() {}

  /** The cause of a failed handshake in words. */
  static String reason(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UntrustedCertificateException || c instanceof CertPathBuilderException
          || c instanceof CertPathValidatorException) {
        return "TLS: certificate not trusted";
      }
      if (c instanceof CertificateException && c.getMessage() != null && c.getMessage().startsWith("No subject alternative")) {
        return "TLS: certificate not valid for this host";
      }
    }
    String m = failure.getMessage();
    return "TLS handshake failed" + (m == null || m.isEmpty() ? "" : ": " + m);
  }

  /** What was tried: the certificate (subject, issuer) where known, and how to trust a company CA. */
  static String detail(Throwable failure, String host) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UntrustedCertificateException u) {
        return u.getMessage() + "; to trust a company CA, set SSL_CERT_FILE to a PEM file with your CA";
      }
      if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
        return "the certificate of " + host + " does not chain to a trusted CA; to trust a company CA, set"
            + " SSL_CERT_FILE to a PEM file with your CA";
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
