package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's script run by a real local {@code sh}: steps come back apart, byte-exact, and stop at a failure. */
class CommandBatchTest {

    @TempDir
    Path dir;

    @Test
    void eachStepsStatusOutputAndErrorComeBackApartAndByteExact() throws Exception {
        Path file = Files.write(dir.resolve("binary"), new byte[] {0, '\n', 's', 't', 'e', 'p', ' ', '1', (byte) 0xff});
        CommandBatch batch = new CommandBatch();
        int first = batch.add("sh -c 'printf \"one\\\\n\"; echo warning >&2'");
        int binary = batch.add("cat -- " + ShellQuoting.quote(file.toString()));
        int silent = batch.add("true");
        int read = batch.addReadAll(List.of(file.toString()), List.of());

        BatchResult result = BatchResult.parse("h", "test", run(batch));

        assertThat(result.result(first).stdoutText()).isEqualTo("one\n");
        assertThat(result.result(first).stderrText()).isEqualTo("warning\n");
        assertThat(result.result(binary).stdout()).isEqualTo(Files.readAllBytes(file));
        assertThat(result.result(silent).stdout()).isEmpty();
        assertThat(result.result(silent).succeeded()).isTrue();
        assertThat(result.files(read, List.of(file.toString())).get(file.toString()).orElseThrow().content())
                .isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void aFailingStepStopsTheBatchAndTheCleanupsRunAnyway() throws Exception {
        Path marker = dir.resolve("after");
        Path cleaned = Files.writeString(dir.resolve("staged"), "temp");
        CommandBatch batch = new CommandBatch();
        int fails = batch.add("sh -c 'echo partial; exit 7'");
        int never = batch.add("touch " + ShellQuoting.quote(marker.toString()));
        batch.always("rm -f -- " + ShellQuoting.quote(cleaned.toString()));

        BatchResult result = BatchResult.parse("h", "test", run(batch));

        assertThat(result.result(fails).exitStatus()).isEqualTo(7);
        assertThat(result.result(fails).stdoutText()).isEqualTo("partial\n");
        assertThat(result.ran(never)).isFalse();
        assertThatThrownBy(() -> result.result(never)).isInstanceOf(RemoteException.class)
                .hasMessageContaining("did not run");
        assertThat(marker).doesNotExist();
        assertThat(cleaned).doesNotExist();
    }

    @Test
    void stepsKeepTheSessionsUmaskAndTheCaptureDirectoryIsGone() throws Exception {
        CommandBatch batch = new CommandBatch();
        int umask = batch.add("sh -c umask");
        int capture = batch.add("readlink /proc/self/fd/1");
        BatchResult result = BatchResult.parse("h", "test", run(batch));
        assertThat(result.result(umask).stdoutText().strip()).isEqualTo("0022");
        Path captured = Path.of(result.result(capture).stdoutText().strip());
        assertThat(captured.getFileName()).hasToString("2.o");
        assertThat(captured.getParent()).doesNotExist();
    }

    @Test
    void aBatchWithNoStepsAnswersNoSteps() throws Exception {
        BatchResult result = BatchResult.parse("h", "test", run(new CommandBatch()));
        assertThat(result.ran(0)).isFalse();
    }

    @Test
    void anAnswerLongerOrShorterThanItsSizesIsRefused() {
        byte[] extra = "steps 1\nstep 0 2 0\nokX".getBytes(StandardCharsets.UTF_8);
        byte[] shortened = "steps 1\nstep 0 3 0\nok".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BatchResult.parse("h", "test", extra)).isInstanceOf(RemoteException.class)
                .hasMessageContaining("unexpected answer");
        assertThatThrownBy(() -> BatchResult.parse("h", "test", shortened)).isInstanceOf(RemoteException.class)
                .hasMessageContaining("ended early");
    }

    private byte[] run(CommandBatch batch) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "umask 022; " + batch.script()).directory(dir.toFile())
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isZero();
        assertThat(err).isEmpty();
        return out;
    }
}
