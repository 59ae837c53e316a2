package dev.jitsideploy.inventory;

/**
 * The XMPP names of one Jitsi deployment, derived the way a quick install names them.
 * {@code guest} is null when no guest domain is configured.
 */
public record JitsiDomains(String domain, String muc, String auth, String focusUser, String focusComponent,
                           String internalMuc, String lobby, String breakout, String guest) {

    public static JitsiDomains of(String domain, String muc, String guest) {
        String auth = "auth." + domain;
        return new JitsiDomains(domain, muc, auth, "focus@" + auth, "focus." + domain, "internal." + auth,
                "lobby." + domain, "breakout." + domain, guest);
    }

    /** The MUC label, e.g. {@code conference} (Prosody's {@code muc_mapper_domain_prefix}). */
    public String mucLabel() {
        return muc.substring(0, muc.length() - domain.length() - 1);
    }
}
