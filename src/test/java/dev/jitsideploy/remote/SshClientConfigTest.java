package dev.jitsideploy.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.mac.MAC;
import org.junit.jupiter.api.Test;

class SshClientConfigTest {

    @Test
    void offersTheCiphersAndMacsOfOpenSshsClientInItsOrder() {
        // ssh_config(5) of OpenSSH 9.2 (Debian 12), Ciphers and MACs, less the umac ones SSHJ does not implement
        assertEquals(List.of("chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr",
                "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"),
                names(SshClientConfig.SHARED.getCipherFactories()));
        assertEquals(List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
                "hmac-sha1-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1"),
                names(SshClientConfig.SHARED.getMACFactories()));
    }

    /** What SSHJ's DefaultConfig checked at every start is checked here once: each one works in this runtime. */
    @Test
    void everyOfferedCipherAndMacWorksInThisRuntime() {
        byte[] plain = "sixteen bytes!!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (Factory.Named<Cipher> factory : SshClientConfig.SHARED.getCipherFactories()) {
            Cipher encrypt = factory.create();
            Cipher decrypt = factory.create();
            byte[] key = new byte[encrypt.getBlockSize()];
            byte[] iv = new byte[encrypt.getIVSize()];
            encrypt.init(Cipher.Mode.Encrypt, key, iv);
            decrypt.init(Cipher.Mode.Decrypt, key, iv);
            byte[] data = new byte[plain.length + encrypt.getAuthenticationTagSize()];
            System.arraycopy(plain, 0, data, 0, plain.length);
            if (encrypt.getAuthenticationTagSize() > 0) {
                encrypt.setSequenceNumber(7);
                decrypt.setSequenceNumber(7);
            }
            encrypt.update(data, 0, plain.length);
            decrypt.update(data, 0, plain.length);
            assertArrayEquals(plain, java.util.Arrays.copyOf(data, plain.length), factory.getName());
        }
        for (Factory.Named<MAC> factory : SshClientConfig.SHARED.getMACFactories()) {
            MAC mac = factory.create();
            mac.init(new byte[64]);
            assertEquals(mac.getBlockSize(), mac.doFinal(plain).length, factory.getName());
        }
    }

    private static <T> List<String> names(List<Factory.Named<T>> factories) {
        return factories.stream().map(Factory.Named::getName).toList();
    }
}
