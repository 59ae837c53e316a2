package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads options back from a rendered Prosody file with the real Lua interpreter, and runs other checking tools. */
final class ProsodyOption {

    private ProsodyOption() {
    }

    /** Runs {@code command}, asserts it exits 0 within 30 s, and returns its output. */
    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    /**
     * The value of {@code option} in {@code section} ("global" or a VirtualHost/Component name) of {@code file},
     * as Lua's {@code tostring} gives it ({@code nil} when unset); {@code index} picks a list item.
     */
    static String read(Path file, String section, String option, String... index) throws Exception {
        Path script = Path.of(ProsodyOption.class.getResource("/read-prosody-option.lua").toURI());
        List<String> command = new ArrayList<>(List.of("lua5.4", script.toString(), file.toString(), section, option));
        command.addAll(List.of(index));
        return run(command);
    }
}
