package dev.jitsideploy.verify.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which server certificates a connection accepts. Host names are always checked against the XMPP domain / URL host,
 * except with {@link #anyCertificate()}, which exists only for the lab's jicofo stand-in (jicofo's own
 * {@code disable-certificate-verification}).
 */
public final class TlsTrust {

    private final SSLContext context;
    private final boolean verifiesHostName;
    private final String description;

    private TlsTrust(SSLContext context, boolean verifiesHostName, String description) {
        this.context = context;
        this.verifiesHostName = verifiesHostName;
        this.description = description;
    }

    /** The JVM's default trust store (the system CAs). */
    public static TlsTrust systemDefault() throws XmppException {
        try {
            return new TlsTrust(SSLContext.getDefault(), true, "system trust store");
        } catch (GeneralSecurityException e) {
            throw new XmppException("cannot load the system trust store: " + e.getMessage(), e);
        }
    }

    /** Only the CA certificates in this PEM file (one or more). */
    public static TlsTrust caFile(Path pemFile) throws XmppException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new XmppException("no certificate in CA file " + pemFile);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new TlsTrust(context, true, "CA file " + pemFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new XmppException("cannot use CA file " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** Accepts every certificate and host name: the lab's jicofo stand-in only, never the probe. */
    public static TlsTrust anyCertificate() throws XmppException {
        TrustManager acceptAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // jicofo's disable-certificate-verification: the operator chose not to check
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // jicofo's disable-certificate-verification: the operator chose not to check
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, null);
            return new TlsTrust(context, false, "any certificate (verification disabled)");
        } catch (GeneralSecurityException e) {
            throw new XmppException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** For other HTTPS clients of the verification (clock and config.js checks) that must trust the same CAs. */
    public SSLContext context() {
        return context;
    }

    boolean verifiesHostName() {
        return verifiesHostName;
    }

    @Override
    public String toString() {
        return description;
    }
}
