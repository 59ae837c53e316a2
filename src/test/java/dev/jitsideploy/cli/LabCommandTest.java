package dev.jitsideploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage errors of {@code lab} are caught before anything runs (no root, no lab needed). */
class LabCommandTest {

    private static CliRun lab(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "lab";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(Path.of("").toAbsolutePath(), Map.of(), all);
    }

    @Test
    void missingOrUnknownActionIsBadUsage() {
        assertThat(lab().exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lab().err()).contains("missing action: up, down, status or reset");
        CliRun unknown = lab("start");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("unknown action 'start'");
        assertThat(lab("up", "now").err()).contains("unexpected argument 'now'");
    }

    @Test
    void hostsMustBeOneToTenAndAnotherActionRefusesIt() {
        assertThat(lab("up", "--hosts", "11").err()).contains("--hosts must be a number from 1 to 10, not '11'");
        assertThat(lab("up", "--hosts", "two").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lab("up", "--hosts", "0").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lab("down", "--hosts", "2").err()).contains("--hosts does not go with 'lab down'");
        CliRun status = lab("status", "--hosts", "3");
        assertThat(status.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(status.err()).contains("--hosts does not go with 'lab status'");
    }

    @Test
    void initAndSudoPasswordOnlyGoWithUpAndMustMakeSense() {
        assertThat(lab("up", "--init", "openrc").err()).contains("--init must be systemd or sysv, not 'openrc'");
        assertThat(lab("reset", "--init", "sysv").err()).contains("--init does not go with 'lab reset'");
        assertThat(lab("down", "--sudo-password").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lab("up", "--init", "sysv", "--sudo-password").err()).contains("--sudo-password needs systemd");
    }

    @Test
    void helpListsTheActions() {
        CliRun help = lab("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("lab up [--hosts N] [--init systemd|sysv]")
                .contains("--hosts").contains("--init").contains("--sudo-password").contains("--bastion");
    }

    @Test
    void bastionOnlyGoesWithUp() {
        CliRun run = lab("down", "--bastion");
        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--bastion does not go with 'lab down'");
    }
}
