package dev.jitsideploy.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** RSA keys as PEM text (RFC 7468): private keys as PKCS#8 {@code PRIVATE KEY}, public keys as SubjectPublicKeyInfo. */
public final class Pem {

    static final String PRIVATE_LABEL = "PRIVATE KEY";
    static final String PUBLIC_LABEL = "PUBLIC KEY";

    private Pem() {
    }

    static byte[] encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] encode(PublicKey key) {
        return encode(PUBLIC_LABEL, key.getEncoded());
    }

    /**
     * The DER bytes between the BEGIN/END lines of {@code label}.
     *
     * @throws GeneralSecurityException when the text has no such block (the message never quotes the text)
     */
    static byte[] decode(String label, byte[] pem) throws GeneralSecurityException {
        String text = new String(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = text.indexOf(begin);
        int stop = text.indexOf(end);
        if (start < 0 || stop < start) {
            throw new GeneralSecurityException("no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the '" + label + "' block is not valid base64");
        }
    }

    static PrivateKey rsaPrivateKey(byte[] pem) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(decode(PRIVATE_LABEL, pem)));
    }

    static PublicKey rsaPublicKey(byte[] pem) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(decode(PUBLIC_LABEL, pem)));
    }
}
