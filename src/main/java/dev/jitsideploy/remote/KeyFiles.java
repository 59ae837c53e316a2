package dev.jitsideploy.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Private key files as OpenSSH writes them (and the other formats SSHJ reads): whether one is protected by a
 * passphrase, and its key pair once decrypted. Decrypting costs real CPU (bcrypt rounds), so callers do it once per
 * file per run.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** The passphrase did not decrypt the key file. */
    public static final class WrongPassphraseException extends Exception {
        WrongPassphraseException(Path file) {
            super("the passphrase does not decrypt " + file);
        }
    }

    /** Whether reading the key needs a passphrase. */
    public static boolean isEncrypted(Path file) throws IOException {
        AskRecorder recorder = new AskRecorder(null);
        try {
            provider(file, recorder).getPrivate();
            return false;
        } catch (IOException | RuntimeException e) {
            if (recorder.asked) {
                return true;
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** The key pair in {@code file}, decrypted with {@code passphrase} (which is wiped afterwards). */
    public static KeyPair decrypt(Path file, char[] passphrase) throws IOException, WrongPassphraseException {
        AskRecorder recorder = new AskRecorder(passphrase);
        try {
            FileKeyProvider provider = provider(file, recorder);
            return new KeyPair(provider.getPublic(), provider.getPrivate());
        } catch (IOException | RuntimeException e) {
            // SSHJ says "wrong passphrase" with several exception types depending on the key format.
            if (recorder.asked) {
                throw new WrongPassphraseException(file);
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static FileKeyProvider provider(Path file, PasswordFinder passwords) throws IOException {
        KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
        FileKeyProvider provider = Factory.Named.Util.create(SshClientConfig.SHARED.getFileKeyProviderFactories(),
                format.toString());
        if (provider == null) {
            throw new IOException("unknown key format " + format + " in " + file);
        }
        provider.init(file.toFile(), passwords);
        return provider;
    }

    /** Hands out the passphrase once (SSHJ must not retry with it) and remembers that one was needed. */
    private static final class AskRecorder implements PasswordFinder {
        private final char[] passphrase;
        private boolean asked;

        AskRecorder(char[] passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            asked = true;
            return passphrase == null ? null : passphrase.clone();
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }
    }
}
