package dev.jitsideploy.lab;

/** One lab host as the tool sees it: {@code labK} at 127.0.0.(K+1), XMPP domain {@code labK.jitsi.test}. */
public record LabHost(int number, String name, String address, String domain) {

    static LabHost of(int number) {
        return new LabHost(number, "lab" + number, "127.0.0." + (number + 1), "lab" + number + ".jitsi.test");
    }

    /** The public URL nginx serves, e.g. {@code https://lab1.jitsi.test/}. */
    public String publicUrl() {
        return "https://" + domain + "/";
    }
}
