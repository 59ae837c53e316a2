package dev.jitsideploy.verify.token;

/** A minted token in compact form; {@link #toString()} hides it, since a token is a credential. */
public record SignedToken(String compact, TokenClaims claims, String algorithm) {

    @Override
    public String toString() {
        return algorithm + " token «redacted» for room " + claims.room();
    }
}
