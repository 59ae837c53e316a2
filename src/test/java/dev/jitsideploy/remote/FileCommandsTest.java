package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(result.output).matches("[0-7]{3,4} \\S+ \\S+ 3\nabsent\ndata\nx\ny");
    }

    @Test
    void anAnswerWhoseDataIsNotTheSizesStatGaveIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "abc");
        byte[] answer = sh(FileCommands.readAll(List.of(file.toString()))).bytes;
        byte[] grown = java.util.Arrays.copyOf(answer, answer.length + 1);
        byte[] shrunk = java.util.Arrays.copyOf(answer, answer.length - 1);
        assertThat(FileAnswer.parse(answer, List.of(file.toString())).get(file.toString()).orElseThrow().content())
                .isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        for (byte[] torn : List.of(grown, shrunk)) {
            assertThatThrownBy(() -> FileAnswer.parse(torn, List.of(file.toString())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changed while it was read");
        }
    }

    @Test
    void readAllWithADirectoryFramesEachOwnedFileByItsPathSoNoNameBreaksTheAnswer() throws Exception {
        Path keys = Files.createDirectories(dir.resolve(HOSTILE + "\nkeys"));
        Files.writeString(keys.resolve("a.pem"), "key a\n");
        Files.write(keys.resolve("line\nbreak entry 1 644 x y 1.pem"), new byte[] {0, '\n', (byte) 0xff});
        Files.writeString(keys.resolve("notes.txt"), "not owned");
        Files.createDirectories(keys.resolve("sub.pem"));
        Files.writeString(Files.createDirectories(keys.resolve("old")).resolve("b.pem"), "deeper");
        Path listed = dir.resolve("listed");
        Files.writeString(listed, "x");
        String directory = keys + "/";

        Result result = sh(FileCommands.readAll(List.of(listed.toString(), dir.resolve("none").toString()),
                List.of(new FilesInDirectory(directory, ".pem"))));
        assertThat(result.status).isZero();
        var files = FileAnswer.parse(result.bytes, List.of(listed.toString(), dir.resolve("none").toString()));

        assertThat(files.keySet()).containsExactlyInAnyOrder(listed.toString(), dir.resolve("none").toString(),
                directory + "a.pem", directory + "line\nbreak entry 1 644 x y 1.pem");
        assertThat(files.get(listed.toString()).orElseThrow().content()).containsExactly('x');
        assertThat(files.get(dir.resolve("none").toString())).isEmpty();
        assertThat(files.get(directory + "a.pem").orElseThrow().content())
                .isEqualTo("key a\n".getBytes(StandardCharsets.UTF_8));
        assertThat(files.get(directory + "line\nbreak entry 1 644 x y 1.pem").orElseThrow().content())
                .containsExactly(0, '\n', 0xff);
    }

    @Test
    void readAllOfAnEmptyOrMissingDirectoryListsNothing() throws Exception {
        Path listed = Files.writeString(dir.resolve("listed"), "x");
        for (String directory : List.of(Files.createDirectories(dir.resolve("empty")) + "/", dir + "/missing/")) {
            Result result = sh(FileCommands.readAll(List.of(listed.toString()),
                    List.of(new FilesInDirectory(directory, ".pem"))));
            assertThat(result.status).isZero();
            assertThat(FileAnswer.parse(result.bytes, List.of(listed.toString()))).containsOnlyKeys(
                    listed.toString());
        }
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
        Result result = sh(FileCommands.withTimeLimit("sh -c 'sleep 20; echo late'", Duration.ofMillis(300)));
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

    private record Result(int status, String output, byte[] bytes) {
    }

    private Result sh(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        byte[] bytes = process.getInputStream().readAllBytes();
        return new Result(process.waitFor(), new String(bytes, StandardCharsets.UTF_8), bytes);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
