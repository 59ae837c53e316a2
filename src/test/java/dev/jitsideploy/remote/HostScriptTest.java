package dev.jitsideploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host scripts run here as a host runs them: {@code sh -s -- ARGS}, the script on stdin. */
class HostScriptTest {

    @TempDir
    Path dir;

    private Process start(HostScript script, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-s", "--"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        OutputStream stdin = process.getOutputStream();
        stdin.write(script.text().getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return process;
    }

    @Test
    void theRunLockIsHeldUntilStdinClosesAndASecondTakerSeesTheHolder() throws Exception {
        HostScript lock = HostScript.named("run-lock");
        List<String> arguments = List.of(dir.resolve("state").toString(), "user=ops", "pid=42", "command=apply");
        Process holder = start(lock, arguments);
        BufferedReader answer = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(answer.readLine()).isEqualTo("locked");
        assertThat(Files.readAllLines(dir.resolve("state/run.holder")))
                .containsExactly("user=ops", "pid=42", "command=apply");

        Process second = start(lock, List.of(dir.resolve("state").toString(), "user=other"));
        second.getOutputStream().close();
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("busy\nuser=ops\npid=42\ncommand=apply\n");

        holder.getOutputStream().close(); // what the end of the run, or of its connection, does
        assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("state/run.holder")).doesNotExist();
        Process third = start(lock, List.of(dir.resolve("state").toString(), "user=third"));
        assertThat(new BufferedReader(new InputStreamReader(third.getInputStream(), StandardCharsets.UTF_8))
                .readLine()).isEqualTo("locked");
        third.getOutputStream().close();
        assertThat(third.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theServiceReportSaysDownAndShowsTheLastLinesOfEachLogThatExists() throws Exception {
        Path log = Files.writeString(dir.resolve("svc.log"), "one\ntwo\nthree\n");
        Process report = start(HostScript.named("service-report"), List.of("sysv", "no-such-service-jd", "2",
                log.toString(), dir.resolve("absent.log").toString()));
        report.getOutputStream().close();
        assertThat(report.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("state down\nsource " + log + "\ntwo\nthree\n");
    }

    @Test
    void theScriptsAreShellcheckClean() throws Exception {
        Process check;
        try {
            check = new ProcessBuilder("shellcheck", "-s", "sh", "src/main/resources/host/run-lock.sh",
                    "src/main/resources/host/service-report.sh").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no shellcheck on this machine (Debian package shellcheck)");
            return;
        }
        String findings = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(findings).isZero();
    }
}
