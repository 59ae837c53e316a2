package dev.jitsideploy.secrets;

import java.nio.charset.StandardCharsets;

/**
 * A public key as the key server publishes it: {@code <sha256hex(kid)>.pem} holding the SubjectPublicKeyInfo PEM.
 *
 * @param kid      the key id the file belongs to
 * @param fileName {@code <lowercase hex sha256(kid)>.pem}
 * @param pem      the file's bytes ({@code -----BEGIN PUBLIC KEY-----} ...), ASCII
 */
public record PublicKeyFile(KeyId kid, String fileName, byte[] pem) {

    public PublicKeyFile {
        pem = pem.clone();
    }

    @Override
    public byte[] pem() {
        return pem.clone();
    }

    public String text() {
        return new String(pem, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicKeyFile file && file.kid.equals(kid) && file.fileName.equals(fileName)
                && java.util.Arrays.equals(file.pem, pem);
    }

    @Override
    public int hashCode() {
        return fileName.hashCode();
    }

    @Override
    public String toString() {
        return "PublicKeyFile[" + kid + " -> " + fileName + "]";
    }
}
