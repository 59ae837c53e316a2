package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.remote.OwnerAndMode;
import dev.jitsideploy.remote.RemoteFile;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.Service;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/deploy.md: a change only inside a secret or in whitespace is listed as changed, its diff not shown. */
class WhitespaceOnlyDiffTest {

    private static final String HIDDEN = "(only a secret value or whitespace changes; not shown)\n";
    private static final String PATH = "/etc/jitsi/jicofo/jicofo.conf";

    private static FileChange change(String onHost, String planned) {
        RenderedFile file = new RenderedFile(PATH, planned.getBytes(StandardCharsets.UTF_8), 0640, "root", "jicofo",
                Service.JICOFO, List.of());
        RemoteFile current = new RemoteFile(PATH, onHost.getBytes(StandardCharsets.UTF_8),
                new OwnerAndMode("root", "jicofo", 0640));
        return Planner.compare(file, Optional.of(current), true);
    }

    @Test
    void blankLinesAndIndentationOnlyAreChangedButNotShownAsBlankPlusLines() {
        FileChange change = change("a {\n  enabled : true\n  type : \"JWT\"\n}\n",
                "a {\n    enabled : true\n\n\n  type : \"JWT\"  \n}\n");
        assertThat(change.kind()).isEqualTo(FileChange.Kind.CHANGED);
        assertThat(change.redactedDiff()).isEqualTo(HIDDEN);
    }

    @Test
    void aChangedWordIsShownEvenWhenWhitespaceChangesToo() {
        FileChange change = change("a {\n  enabled : true\n}\n", "a {\n\n  enabled : false\n}\n");
        assertThat(change.redactedDiff()).contains("-  enabled : true", "+  enabled : false");
    }

    @Test
    void joiningTwoWordsIsNotAWhitespaceOnlyChange() {
        FileChange change = change("local x = 1\n", "localx = 1\n");
        assertThat(change.redactedDiff()).contains("-local x = 1", "+localx = 1");
    }

    @Test
    void equalFilesHaveNoDiff() {
        FileChange change = change("a = 1\n", "a = 1\n");
        assertThat(change.kind()).isEqualTo(FileChange.Kind.UNCHANGED);
        assertThat(change.redactedDiff()).isEmpty();
    }
}
