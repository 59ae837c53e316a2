package dev.jitsideploy.cli;

import dev.jitsideploy.report.FailureDocument;
import dev.jitsideploy.report.JsonDocument;
import dev.jitsideploy.report.ProblemJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;

/**
 * Writes a JSON document where {@code --json} says: a file, or stdout for '-'; nothing without the option. The
 * document is made only when it is written: serializing a fleet's report is tens of milliseconds of a short run.
 */
final class JsonOutput {

    private JsonOutput() {
    }

    static void write(CommandLine line, Session session, Supplier<String> document) throws IOException {
        String target = line.getOptionValue("json");
        if (target == null) {
            return;
        }
        String json = document.get();
        if (target.equals("-")) {
            session.out().print(json);
            session.out().flush();
        } else {
            Files.writeString(session.resolve(target), json, StandardCharsets.UTF_8);
        }
    }

    /**
     * The failure document of a run that stopped with bad input or a failure of the whole run, when --json was given
     * and the command line was read. A failure to write it is told on stderr; the run's exit code stands.
     */
    static void writeFailure(CommandLine line, Session session, String verb, int exitCode, List<ProblemJson> errors) {
        if (line == null || !line.hasOption("json")) {
            return;
        }
        try {
            write(line, session, () -> JsonDocument.write(new FailureDocument(verb, exitCode, errors)));
        } catch (IOException e) {
            session.err().println(JitsiDeploy.PROGRAM + " " + verb + ": the JSON could not be written ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
