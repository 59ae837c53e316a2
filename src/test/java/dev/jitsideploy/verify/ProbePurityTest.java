package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * verify is a pure probe (issue 14): it talks HTTPS and XMPP to a host and never SSH, so it imports nothing from the
 * packages that plan, deploy or reach hosts over SSH; what it needs from the host's files comes in through
 * {@link HostFacts}.
 */
class ProbePurityTest {

    @Test
    void verifyImportsNeitherDeployNorPlanNorRemote() throws IOException {
        Path verify = Path.of("src/main/java/dev/jitsideploy/verify");
        List<String> imports;
        try (Stream<Path> files = Files.walk(verify)) {
            imports = files.filter(file -> file.toString().endsWith(".java")).flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream()
                            .filter(line -> line.matches("^import (static )?dev\\.jitsideploy\\."
                                    + "(deploy|plan|remote|rollout|cli|report)\\..*"))
                            .map(line -> verify.relativize(file) + ": " + line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }

        assertThat(imports).isEmpty();
    }
}
