package dev.jitsideploy.verify.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitsideploy.secrets.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens an attacker sends, for the probe to prove the server refuses them. jjwt will not build them, on purpose:
 * it signs nothing with {@code alg: none} and refuses an RSA public key as an HMAC secret. So the compact form is put
 * together here from a correctly minted token: its header re-written with Jackson (the {@code alg} changed, {@code typ}
 * and {@code kid} kept), its payload unchanged, and for key confusion an HMAC computed with the JDK.
 */
public final class AttackTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private AttackTokens() {
    }

    /** {@code valid} as an unsecured JWT (RFC 7519 section 6): {@code alg: none} and an empty signature. */
    public static SignedToken unsigned(SignedToken valid) {
        return new SignedToken(header(valid, "none") + "." + payload(valid) + ".", valid.claims(), "none");
    }

    /**
     * The key-confusion attack on an RS256 host: {@code valid}'s claims and kid, but {@code alg: HS256} and an HMAC
     * whose key is the PEM text of the host's public key, byte for byte as the key server publishes it (a verifier
     * that takes the algorithm from the token would check the HMAC with the "key" it fetched for that kid).
     */
    public static SignedToken hmacWithPublicKey(SignedToken valid, SigningKey.Rsa signer) {
        String signingInput = header(valid, "HS256") + "." + payload(valid);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Pem.encode(publicKey(signer)), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return new SignedToken(signingInput + "." + BASE64URL.encodeToString(signature), valid.claims(), "HS256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256 and RSA key factories", e);
        }
    }

    /** The public half of an RSA private key (a CRT key, as every key this tool generates or loads is). */
    static PublicKey publicKey(SigningKey.Rsa signer) throws GeneralSecurityException {
        if (!(signer.key() instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("the RS256 key does not carry its public exponent");
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                crt.getPublicExponent()));
    }

    private static String header(SignedToken valid, String alg) {
        String encoded = valid.compact().substring(0, valid.compact().indexOf('.'));
        try {
            ObjectNode header = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(encoded));
            header.put("alg", alg);
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(header));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a token minted here has a JSON header", e);
        }
    }

    private static String payload(SignedToken valid) {
        String compact = valid.compact();
        return compact.substring(compact.indexOf('.') + 1, compact.lastIndexOf('.'));
    }
}
