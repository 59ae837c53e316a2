package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated bash completion, run by bash as a shell would run it on TAB. */
class CompletionScriptTest {

    @TempDir
    Path dir;

    /** What bash offers for the words typed so far (the last one is being completed). */
    private String complete(String... words) throws Exception {
        Path script = dir.resolve("completion");
        Files.writeString(script, CliRun.run(dir, Map.of(), "completion", "bash").out());
        StringBuilder line = new StringBuilder("source ").append(script).append("; COMP_WORDS=(jitsi-deploy");
        for (String word : words) {
            line.append(" '").append(word).append('\'');
        }
        line.append("); COMP_CWORD=").append(words.length)
                .append("; _jitsi_deploy; printf '%s\\n' \"${COMPREPLY[@]}\"");
        Process bash = new ProcessBuilder("bash", "-c", line.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void offersVerbsSubVerbsAndOnlyTheSubVerbsOwnOptions() throws Exception {
        assertThat(complete("ap")).isEqualTo("apply\n");
        assertThat(complete("keys", "li")).isEqualTo("list\n");
        assertThat(complete("keys", "list", "--")).contains("--json", "--inventory", "--limit")
                .doesNotContain("--kid", "--bits");
        assertThat(complete("keys", "new", "--")).contains("--kid", "--bits").doesNotContain("--json");
        assertThat(complete("lab", "status", "--")).doesNotContain("--hosts");
        assertThat(complete("lab", "up", "--h")).contains("--hosts");
        assertThat(complete("plan", "--det")).isEqualTo("--detailed-exitcode\n");
    }

    @Test
    void completesFileNamesAfterAFileOption() throws Exception {
        Files.writeString(dir.resolve("fleet.yml"), "");
        assertThat(complete("plan", "-i", dir.resolve("fle").toString())).contains("fleet.yml");
    }
}
