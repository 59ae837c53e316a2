package dev.jitsideploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our diffs must apply with GNU patch: that is the proof that hunks, ranges and context are right. */
class UnifiedDiffTest {

    @TempDir
    Path dir;

    @Test
    void equalTextsGiveNoDiff() {
        assertThat(UnifiedDiff.of("a", "b", "x\ny\n", "x\ny\n")).isEmpty();
    }

    @Test
    void diffsApplyWithPatch() throws Exception {
        StringBuilder old = new StringBuilder();
        StringBuilder changed = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            old.append("line ").append(i).append('\n');
            if (i == 3) {
                changed.append("inserted\n");
            }
            if (i != 20 && i != 21) {
                changed.append(i == 40 ? "changed 40\n" : "line " + i + "\n");
            }
        }
        changed.append("tail\n");
        assertPatchTurns(old.toString(), changed.toString());
        assertPatchTurns("", "new file\n");
        assertPatchTurns("only\n", "");
    }

    @Test
    void createdFileDiffShowsEveryLineAdded() {
        assertThat(UnifiedDiff.of("/dev/null", "/etc/x", "", "a\nb\n"))
                .isEqualTo("--- /dev/null\n+++ /etc/x\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    }

    private void assertPatchTurns(String from, String to) throws IOException, InterruptedException {
        Path file = dir.resolve("file");
        Files.writeString(file, from);
        Path diff = dir.resolve("diff");
        Files.writeString(diff, UnifiedDiff.of("file", "file", from, to));
        Process patch = new ProcessBuilder("patch", "-s", file.toString(), diff.toString())
                .redirectErrorStream(true).start();
        String output = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(patch.waitFor()).as(output).isZero();
        assertThat(Files.readString(file)).isEqualTo(to);
    }
}
