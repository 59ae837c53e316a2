package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file commands run by a real local {@code sh}, on paths chosen to break naive quoting. */
class FileCommandsTest {

    private static final String HOSTILE = "a b'c\"d$(touch pwned)`x`;e";

    @TempDir
    Path dir;

    @Test
    void quotingPassesAnyWordThroughAsData() throws Exception {
        assertThat(sh("printf %s " + ShellQuoting.quote(HOSTILE)).output).isEqualTo(HOSTILE);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void readAllPrintsAStatLineWithSizeThenTheBytesOrAbsent() throws Exception {
        Path file = Files.createDirectories(dir.resolve(HOSTILE)).resolve("f");
        Files.writeString(file, "x\ny");
        Result result = sh(FileCommands.readAll(List.of(file.toString(), dir.resolve("none").toString())));
        assertThat(result.status).isZero();
        assertThat(result.output).matches("[0-7]{3,4} \\S+ \\S+ 3\nx\nyabsent\n");
    }

    @Test
    void finishRemovesOldLeftoversKeepsNothingButTheTargetAndFailsCleanly() throws Exception {
        Path target = Files.createDirectories(dir.resolve(HOSTILE)).resolve("jicofo.conf");
        Files.writeString(target, "old");
        String leftover = FileCommands.tempBeside(target.toString(), "dead");
        Files.writeString(Path.of(leftover), "half");
        String temp = FileCommands.tempBeside(target.toString(), "live");
        Files.writeString(Path.of(temp), "new");
        String user = System.getProperty("user.name");
        String group = new String(new ProcessBuilder("id", "-gn").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();

        assertThat(sh(FileCommands.finishInPlace(temp, target.toString(), new OwnerAndMode(user, group, 0640)))
                .status).isZero();
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(names(target.getParent())).containsExactly("jicofo.conf");

        Files.writeString(Path.of(temp), "newer");
        Result failed = sh(FileCommands.finishInPlace(temp, target.toString(),
                new OwnerAndMode("no-such-user-here", group, 0640)));
        assertThat(failed.status).isNotZero();
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(names(target.getParent())).containsExactly("jicofo.conf");
    }

    @Test
    void timeLimitKillsTheCommand() throws Exception {
        long start = System.nanoTime();
        Result result = sh(FileCommands.withTimeLimit("sleep 20; echo late", Duration.ofMillis(300)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.output).doesNotContain("late");
        assertThat(result.status).isEqualTo(FileCommands.KILLED_BY_TIME_LIMIT);
    }

    @Test
    void pathsSplitLikeDirnameAndBasename() {
        assertThat(FileCommands.directory("/etc/prosody/x.lua")).isEqualTo("/etc/prosody");
        assertThat(FileCommands.baseName("/etc/prosody/x.lua")).isEqualTo("x.lua");
        assertThat(FileCommands.tempBeside("/etc/x", "t")).isEqualTo("/etc/.x.jitsi-deploy-t.tmp");
    }

    private record Result(int status, String output) {
    }

    private Result sh(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
