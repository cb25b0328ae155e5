package dev.sumdb4j.tlog.testlog;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A test certificate authority (made in memory, valid for a day) and a server certificate it issued
 * for 127.0.0.1, localhost and sumdb.test; writes the CA as PEM and serves HTTPS with the server certificate.
 */
public final class TestTls {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private final X509Certificate ca;
  private final X509Certificate server;
  private final PrivateKey serverKey;

  private TestTls(X509Certificate ca, X509Certificate server, PrivateKey serverKey) {
    this.ca = ca;
    this.server = server;
    this.serverKey = serverKey;
  }

  /** A new CA named {@code caName} and a server certificate it issued. */
  public static TestTls create(String caName) throws GeneralSecurityException, IOException {
    KeyPair caKeys = ecKeys();
    KeyPair serverKeys = ecKeys();
    X509Certificate ca = certificate("CN=" + caName, "CN=" + caName, caKeys.getPublic(), caKeys.getPrivate(), true);
    X509Certificate server = certificate("CN=" + caName, "CN=127.0.0.1", serverKeys.getPublic(), caKeys.getPrivate(),
        false);
    return new TestTls(ca, server, serverKeys.getPrivate());
  }

  /** The CA certificate. */
  public X509Certificate ca() {
    return ca;
  }

  /** The server certificate. */
  public X509Certificate server() {
    return server;
  }

  /** The CA certificate as PEM. */
  public String caPem() throws GeneralSecurityException {
    return pem(ca);
  }

  /** Writes the CA certificate as PEM to {@code file} and returns it. */
  public Path writeCaPem(Path file) throws IOException, GeneralSecurityException {
    Files.writeString(file, caPem(), StandardCharsets.US_ASCII);
    return file;
  }

  /**
   * Writes the server's certificate chain (server, then CA) and its PKCS#8 private key as PEM, for
   * servers outside the JVM (Go's {@code tls.LoadX509KeyPair}).
   */
  public void writeServerPem(Path chain, Path key) throws IOException, GeneralSecurityException {
    Files.writeString(chain, pem(server) + pem(ca), StandardCharsets.US_ASCII);
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(serverKey.getEncoded())
        + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
  }

  /** A server-side TLS context presenting the server certificate and the CA. */
  public SSLContext serverContext() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", serverKey, new char[0], new X509Certificate[] {server, ca});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), null, null);
    return c;
  }

  /** An HTTPS server on 127.0.0.1 (any port) with {@code handler} at {@code /}; stop it when done. */
  public HttpsServer serve(HttpHandler handler) throws IOException, GeneralSecurityException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
    s.createContext("/", handler);
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "test-https");
      t.setDaemon(true);
      return t;
    });
    s.setExecutor(pool);
    s.start();
    return s;
  }

  /** PEM text of {@code cert}. */
  public static String pem(X509Certificate cert) throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate certificate(String issuer, String subject, PublicKey key, PrivateKey signer,
      boolean isCa) throws GeneralSecurityException, IOException {
    long now = System.currentTimeMillis();
    AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
    g.setSerialNumber(new ASN1Integer(BigInteger.valueOf(SERIAL.incrementAndGet() & Long.MAX_VALUE)));
    g.setIssuer(new X500Name(issuer));
    g.setSubject(new X500Name(subject));
    g.setStartDate(new Time(new Date(now - 3_600_000L)));
    g.setEndDate(new Time(new Date(now + 86_400_000L)));
    g.setSignature(alg);
    g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    ExtensionsGenerator ext = new ExtensionsGenerator();
    ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.dNSName, "sumdb.test")}));
    }
    g.setExtensions(ext.generate());
    TBSCertificate tbs = g.generateTBSCertificate();
    Signature sig = Signature.getInstance("SHA256withECDSA");
    sig.initSign(signer);
    sig.update(tbs.getEncoded(ASN1Encoding.DER));
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(tbs);
    v.add(alg);
    v.add(new DERBitString(sig.sign()));
    byte[] der = new DERSequence(v).getEncoded(ASN1Encoding.DER);
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }
}
