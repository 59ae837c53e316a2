package dev.jitsideploy.verify;

import java.util.List;

/**
 * What a failed verification's answers cannot tell and only the host's own files can: read over SSH by the side that
 * holds the connections (the rollout, or the {@code verify} command), so the probe itself never needs SSH. Each
 * method answers with text to show, never throws: a host that cannot be read says so in the answer.
 */
public interface HostFacts {

    /** Why {@code focus.<domain>} knows no jicofo session, as far as the focus user's roster tells (one line). */
    String focusRosterDiagnosis();

    /** The Prosody log lines that say a module did not load (redacted); empty when there are none. */
    List<String> moduleLoadErrors();

    /** The last {@code lines} lines of the Prosody log, tokens and secrets redacted. */
    List<String> prosodyLogTail(int lines);
}
