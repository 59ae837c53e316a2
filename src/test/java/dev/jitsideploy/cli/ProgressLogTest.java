package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress lines: a start and an end line per long step, and no silence longer than 2 s while one runs. */
class ProgressLogTest {

    @Test
    void aLongStepHasTimestampedStartAndEndLinesAndAStillRunningLineInBetween() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressLog progress = new ProgressLog(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            String result = progress.milestone("lab1", "restart prosody", () -> {
                Thread.sleep(ProgressLog.QUIET_MILLIS + 700);
                return "ready";
            });
            assertThat(result).isEqualTo("ready");
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).allMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"));
        assertThat(lines.get(0)).endsWith(" lab1: restart prosody ...");
        assertThat(lines.get(1)).contains(" still running: lab1 restart prosody (1.");
        assertThat(lines.get(lines.size() - 1)).matches(".* lab1: restart prosody done \\(2\\.\\d s\\)");
        for (int i = 1; i < lines.size(); i++) {
            assertThat(millisOfDay(lines.get(i)) - millisOfDay(lines.get(i - 1))).as("%s", lines).isLessThan(2000);
        }
    }

    private static long millisOfDay(String line) {
        return java.time.LocalTime.parse(line.substring(0, 12)).toNanoOfDay() / 1_000_000;
    }

    @Test
    void aStepThatThrowsEndsWithFailed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressLog progress = new ProgressLog(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            progress.milestone("lab2", "gate", () -> {
                throw new java.io.IOException("gone");
            });
        } catch (java.io.IOException expected) {
            // the step's failure is the caller's; the line says it ended
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern("lab2: gate FAILED \\(0\\.\\d s\\)");
    }
}
