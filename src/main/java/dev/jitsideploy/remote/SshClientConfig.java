package dev.jitsideploy.remote;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.mac.Macs;
import net.schmizz.sshj.DefaultConfig;

/**
 * The SSHJ configuration of the run: every connection and every key file read uses this one (nothing in it belongs
 * to one connection: the factories make a new object per use, the random source is synchronized).
 *
 * <p>It offers the ciphers and MACs that OpenSSH's client offers by default (ssh_config(5), {@code Ciphers} and
 * {@code MACs}), in OpenSSH's order, where SSHJ implements them (it has no umac). SSHJ's own default also offers
 * CBC modes, 3DES, Blowfish, RC4, MD5 and truncated MACs, which a host that OpenSSH's client cannot reach either
 * should not be reached with. And SSHJ proves each of its 33 ciphers works by initialising it, through the JCE
 * provider lookup, when its configuration is made: that was about 100 ms of CPU before a run's first connection,
 * the largest single cost there. These six are always there: AES (CTR, GCM) in every Java 17 runtime's SunJCE,
 * ChaCha20 (the original "CHACHA" that SSH uses) and Poly1305 in Bouncy Castle, which SSHJ registers as a JCE
 * provider; {@code SshClientConfigTest} initialises each of them.
 */
final class SshClientConfig extends DefaultConfig {

    static final SshClientConfig SHARED = new SshClientConfig();

    private SshClientConfig() {
    }

    @Override
    protected void initCipherFactories() {
        setCipherFactories(ChachaPolyCiphers.CHACHA_POLY_OPENSSH(), BlockCiphers.AES128CTR(), BlockCiphers.AES192CTR(),
                BlockCiphers.AES256CTR(), GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM());
    }

    @Override
    protected void initMACFactories() {
        setMACFactories(Macs.HMACSHA2256Etm(), Macs.HMACSHA2512Etm(), Macs.HMACSHA1Etm(), Macs.HMACSHA2256(),
                Macs.HMACSHA2512(), Macs.HMACSHA1());
    }
}
