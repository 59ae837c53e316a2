package dev.jitsideploy.verify.token;

/** {@code context.user} of a Jitsi token; null fields are left out of the token. */
public record TokenUser(String name, String email, String avatar, Boolean moderator) {
}
