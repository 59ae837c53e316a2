package dev.jitsideploy.secrets;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Location;
import dev.jitsideploy.inventory.SecretRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The token credentials of one host, as {@link FleetCredentials} resolved them right after the inventory was loaded:
 * an HS256 app secret, or an RS256 key directory. Render, plan, probe and rotation take this instead of reading a
 * secret reference themselves; what differs between the two algorithms is behaviour of this type.
 */
public sealed interface HostCredentials permits HostCredentials.Hs256, HostCredentials.Rs256 {

    /** The app secret the Prosody vhost carries (HS256); empty for RS256, whose vhost carries no secret. */
    Optional<Secret> appSecret();

    /**
     * The public key files the host's key server publishes (RS256, at least one: resolution checked it); empty for
     * HS256.
     *
     * @throws InvalidInputException when the key directory changed since and can no longer be used
     */
    List<PublicKeyFile> publishedKeys() throws InvalidInputException;

    /**
     * What tokens are signed with now, as a fingerprint: the app secret, or the newest RS256 key alone (the hosts
     * must accept it, {@link AuthFingerprint#accepts}).
     */
    AuthFingerprint signer() throws InvalidInputException;

    /** Every value of these credentials that a text read from the host must not show. */
    List<Secret> redacted();

    /**
     * HS256: the app secret behind {@code reference}.
     *
     * @param replaced values the secret stands in for (a rotation's stored secret while the new one is deployed):
     *                 redacted as well
     */
    record Hs256(SecretRef reference, Secret secret, List<Secret> replaced) implements HostCredentials {

        public Hs256 {
            replaced = List.copyOf(replaced);
        }

        public Hs256(SecretRef reference, Secret secret) {
            this(reference, secret, List.of());
        }

        @Override
        public Optional<Secret> appSecret() {
            return Optional.of(secret);
        }

        @Override
        public List<PublicKeyFile> publishedKeys() {
            return List.of();
        }

        @Override
        public AuthFingerprint signer() {
            return AuthFingerprint.of(secret);
        }

        @Override
        public List<Secret> redacted() {
            List<Secret> all = new ArrayList<>(List.of(secret));
            all.addAll(replaced);
            return all;
        }

        /** The same reference answering {@code next}, the current value kept for redaction (a rotation). */
        Hs256 answering(Secret next) {
            List<Secret> known = new ArrayList<>(replaced);
            known.add(0, secret);
            return new Hs256(reference, next, known);
        }

        @Override
        public String toString() {
            return "HS256 credentials from " + reference.describe();
        }
    }

    /**
     * RS256: the key directory {@code auth.keys_dir}, checked when resolved (loadable, a key published). Its keys are
     * read again where they are used, because a key rotation adds a key to the directory during the run.
     *
     * @param keysDir     the local key directory
     * @param at          where {@code auth.keys_dir} is set (or inherited), for a directory that cannot be used
     * @param algorithmAt where {@code auth.algorithm: RS256} is set, for a directory without a published key (the
     *                    setting that asks for keys; the directory is usually the default)
     */
    record Rs256(Path keysDir, Location at, Location algorithmAt) implements HostCredentials {

        /** The key directory of an RS256 host. */
        public static Rs256 of(HostConfig host) {
            return new Rs256(host.auth().keysDir(), host.sources().of("auth.keys_dir"),
                    host.sources().of("auth.algorithm"));
        }

        @Override
        public Optional<Secret> appSecret() {
            return Optional.empty();
        }

        /** The key ring as the directory holds it now. */
        public KeyRing ring() throws InvalidInputException {
            try {
                return KeyRing.load(keysDir);
            } catch (KeyRingException | IOException e) {
                throw new InvalidInputException(at.problem("cannot use the RS256 key directory " + keysDir + ": "
                        + e.getMessage()));
            }
        }

        /** The newest published key, which new tokens are signed with. */
        public RsaSigningKey signingKey() throws InvalidInputException {
            return ring().newestSigningKey().orElseThrow(() -> new InvalidInputException(noKey()));
        }

        @Override
        public List<PublicKeyFile> publishedKeys() throws InvalidInputException {
            List<PublicKeyFile> files = ring().publicKeyFiles();
            if (files.isEmpty()) {
                throw new InvalidInputException(noKey());
            }
            return files;
        }

        @Override
        public AuthFingerprint signer() throws InvalidInputException {
            return AuthFingerprint.ofKeyFiles(ring().newest().map(key -> List.of(key.publishedFileName()))
                    .orElse(List.of()));
        }

        @Override
        public List<Secret> redacted() {
            return List.of(); // private keys never leave this machine; public ones are public
        }

        private InputProblem noKey() {
            return algorithmAt.problem("auth.algorithm is RS256 but key directory " + keysDir + " has no published"
                    + " key; run 'jitsi-deploy keys new -i INVENTORY --kid KID' first (then apply)");
        }
    }
}
