package dev.jitsideploy.verify.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * One per CA file (and its size and time) for the run, and the system's under "": hosts that share a CA file
     * share its HTTP clients.
     */
    private static final Map<String, TlsTrust> BY_CA_FILE = new ConcurrentHashMap<>();

    private static final int HTTP_WORKER_THREADS = 4;

    /**
     * The threads that run the HTTP clients' completions (TLS handshake steps, body handlers, WebSocket listener
     * calls; none of them blocks): a few, as the client has two cores to run on, where the default pool of each
     * client grows with the sessions in flight (18 threads in a 10-host gate). Idle threads end after 10 s.
     */
    private static final ThreadPoolExecutor HTTP_WORKERS = workers();

    private final SSLContext context;
    private final boolean verifiesHostName;
    private final String description;
    private final Map<Duration, HttpClient> httpClients = new ConcurrentHashMap<>();

    private TlsTrust(SSLContext context, boolean verifiesHostName, String description) {
        this.context = context;
        this.verifiesHostName = verifiesHostName;
        this.description = description;
    }

    /** The JVM's default trust store (the system CAs), one for the run (so are its {@link #httpClient}s). */
    public static TlsTrust systemDefault() throws XmppException {
        try {
            SSLContext context = SSLContext.getDefault();   // the same object on every call
            return BY_CA_FILE.computeIfAbsent("", system -> new TlsTrust(context, true, "system trust store"));
        } catch (GeneralSecurityException e) {
            throw new XmppException("cannot load the system trust store: " + e.getMessage(), e);
        }
    }

    /**
     * Only the CA certificates in this PEM file (one or more). The same file (same size and modification time) gives
     * the same trust, so its {@link #httpClient} is shared by every host that uses it.
     */
    public static TlsTrust caFile(Path pemFile) throws XmppException {
        String key;
        try {
            key = pemFile.toAbsolutePath().normalize() + "\0" + Files.size(pemFile) + "\0"
                    + Files.getLastModifiedTime(pemFile).toMillis();
        } catch (IOException e) {
            throw new XmppException("cannot use CA file " + pemFile + ": " + e.getMessage(), e);
        }
        TlsTrust known = BY_CA_FILE.get(key);
        if (known != null) {
            return known;
        }
        TlsTrust loaded = loadCaFile(pemFile);
        TlsTrust raced = BY_CA_FILE.putIfAbsent(key, loaded);
        return raced == null ? loaded : raced;
    }

    private static TlsTrust loadCaFile(Path pemFile) throws XmppException {
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

    private static ThreadPoolExecutor workers() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(HTTP_WORKER_THREADS, HTTP_WORKER_THREADS, 10,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "https-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** For other HTTPS clients of the verification (clock and config.js checks) that must trust the same CAs. */
    public SSLContext context() {
        return context;
    }

    /**
     * The HTTP client (HTTP/1.1, as the BOSH and WebSocket paths of a browser use) for this trust and connect
     * timeout, one for the whole run. Java 17's HttpClient cannot be closed: each one keeps a selector thread and a
     * worker pool until the garbage collector finds it unreachable, so a client per probe session left thousands of
     * threads in a 100-host verify (3,048 at --forks 50). Shared, a run has one such set; idle connections stay
     * pooled per host name as in a browser, and the pool drops one as soon as the server closes it.
     */
    public HttpClient httpClient(Duration connectTimeout) {
        return httpClients.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(HTTP_WORKERS)
                .build());
    }

    boolean verifiesHostName() {
        return verifiesHostName;
    }

    @Override
    public String toString() {
        return description;
    }
}
