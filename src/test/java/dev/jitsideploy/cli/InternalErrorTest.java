package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;

/** A bug (an unexpected exception) is exit 4 with one line; the stack trace only with --debug. */
class InternalErrorTest {

    /** A verb with a bug in it: it dereferences null, as no real verb should. */
    private static final class BrokenCommand implements Command {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String summary() {
            return "fails like a bug";
        }

        @Override
        public Options options() {
            return new Options().addOption(CommonOptions.json());
        }

        @Override
        public int run(CommandLine line, Session session) {
            String missing = line.getOptionValue("nothing-here");
            return missing.length();
        }
    }

    /** A verb whose run fails as the world can make it fail (an I/O error): exit 1, not a bug. */
    private static final class UnluckyCommand implements Command {
        @Override
        public String name() {
            return "unlucky";
        }

        @Override
        public String summary() {
            return "fails like a host";
        }

        @Override
        public Options options() {
            return new Options();
        }

        @Override
        public int run(CommandLine line, Session session) throws IOException {
            throw new IOException("connection to lab1 refused");
        }
    }

    private static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of(),
                Path.of("").toAbsolutePath(), false);
        int exit = new JitsiDeploy(List.of(new BrokenCommand(), new UnluckyCommand())).run(session, args);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBugIsExitFourWithOneLineAndNoStackTrace() {
        CliRun run = run("broken");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR).isEqualTo(4);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("jitsi-deploy broken: internal error, this is a bug in jitsi-deploy"
                + " at dev.jitsideploy.cli.InternalErrorTest$BrokenCommand.run(")
                .contains("--debug").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRun run = run("--debug", "broken");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(run.err()).contains("java.lang.NullPointerException").contains("\tat dev.jitsideploy.cli.");
    }

    @Test
    void aFailureOfTheRunStaysExitOneAndWritesTheFailureDocument() {
        CliRun run = run("unlucky");
        assertThat(run.exitCode()).isEqualTo(ExitCode.HOST_FAILED);
        assertThat(run.err()).isEqualTo("jitsi-deploy unlucky: connection to lab1 refused\n");
        CliRun broken = run("broken", "--json", "-");
        assertThat(broken.out()).isEmpty();
    }
}
