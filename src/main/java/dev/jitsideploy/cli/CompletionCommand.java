package dev.jitsideploy.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code completion bash}: prints the bash completion script (the archive and the package ship it too). */
final class CompletionCommand implements Command {

    @Override
    public String name() {
        return "completion";
    }

    @Override
    public String summary() {
        return "print the bash completion script: source <(jitsi-deploy completion bash)";
    }

    @Override
    public Options options() {
        return new Options().addOption(CommonOptions.help());
    }

    @Override
    public int maxArguments() {
        return 1;
    }

    @Override
    public String usage() {
        return "bash";
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        if (line.getArgList().isEmpty() || !line.getArgList().get(0).equals("bash")) {
            throw new ParseException("say which shell: completion bash (the only one supported)");
        }
        session.out().print(CompletionScript.bash(new JitsiDeploy().commands()));
        return ExitCode.OK;
    }
}
