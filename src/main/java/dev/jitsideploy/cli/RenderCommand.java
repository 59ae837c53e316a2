package dev.jitsideploy.cli;

import dev.jitsideploy.render.FleetRenderer;
import dev.jitsideploy.render.RenderedFile;
import dev.jitsideploy.render.RenderedHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code render}: writes each host's files to {@code DIR/<host>/<remote path>} (mode 0600: they hold secrets). */
final class RenderCommand implements Command {

    @Override
    public String name() {
        return "render";
    }

    @Override
    public String summary() {
        return "write every host's managed files to a local directory (no host is contacted)";
    }

    @Override
    public Options options() {
        return new Options().addOption(CommonOptions.inventory())
                .addOption(Option.builder("o").longOpt("output").hasArg().argName("DIR").required()
                        .desc("directory to write DIR/<host>/<remote path> into (created if missing)").get())
                .addOption(CommonOptions.limit()).addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        FleetRenderer.Outcome outcome = OfflineRendering.run(line, session, true);
        Path output = session.resolve(line.getOptionValue("output"));
        for (RenderedHost host : outcome.hosts()) {
            for (String note : host.notes()) {
                session.out().println("note: " + host.host().name() + ": " + note);
            }
            for (RenderedFile file : host.files()) {
                Path target = write(output, host.host().name(), file);
                session.out().println("wrote " + target + " (" + file.bytes().length + " bytes, feeds "
                        + file.feeds().name().toLowerCase() + ")");
            }
        }
        return ExitCode.OK;
    }

    private static Path write(Path output, String hostName, RenderedFile file) throws IOException {
        Path hostDirectory = output.resolve(hostName).normalize();
        Path target = hostDirectory.resolve(file.remotePath().substring(1)).normalize();
        if (!target.startsWith(hostDirectory)) {
            // The inventory refuses such paths; this guards the write itself.
            throw new IOException("remote path " + file.remotePath() + " leaves the output directory");
        }
        Files.createDirectories(target.getParent());
        // Created 0600 before any byte is written, so the secret is never readable by others, even briefly.
        Files.deleteIfExists(target);
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(target, file.bytes(), StandardOpenOption.TRUNCATE_EXISTING);
        return target;
    }
}
