package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Shown;
import dev.jitsideploy.report.ProblemJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.apache.commons.cli.help.HelpFormatter;
import org.apache.commons.cli.help.TextHelpAppendable;

/**
 * Finds the verb (and sub-verb), parses its options, runs it and turns failures into one-line messages and exit codes.
 */
public final class JitsiDeploy {

    static final String PROGRAM = "jitsi-deploy";

    /** Shows the stack trace of a failure; taken anywhere on the command line, before or after the verb. */
    static final String DEBUG = "--debug";

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public JitsiDeploy() {
        this(List.of(new ValidateCommand(), new RenderCommand(), new PlanCommand(), new ApplyCommand(),
                new RollbackCommand(), new RotateCommand(), new TokenCommand(), new VerifyCommand(), new KeysCommand(),
                new ImportCommand(),
                new LabCommand(), new CompletionCommand()));
    }

    /** A tool with these verbs only (tests inject a verb that fails in a way no real one should). */
    JitsiDeploy(List<Command> verbs) {
        for (Command command : verbs) {
            commands.put(command.name(), command);
        }
    }

    /** The verbs in help order, for the completion script. */
    List<Command> commands() {
        return List.copyOf(commands.values());
    }

    int run(Session session, String... arguments) {
        boolean debug = Arrays.asList(arguments).contains(DEBUG);
        String[] args = Arrays.stream(arguments).filter(arg -> !arg.equals(DEBUG)).toArray(String[]::new);
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            printOverview(session);
            return args.length == 0 ? ExitCode.BAD_INPUT : ExitCode.OK;
        }
        if (args[0].equals("--version")) {
            session.out().println(BuildInfo.current().line());
            return ExitCode.OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            session.err().println(PROGRAM + ": unknown command " + Shown.quoted(args[0]) + "; run '" + PROGRAM
                    + " --help' to list the commands");
            return ExitCode.BAD_INPUT;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        String verb = command.name();
        CommandLine line = null;
        try {
            Optional<SubVerb> subVerb = subVerb(command, rest);
            verb = subVerb.map(sub -> command.name() + " " + sub.name()).orElse(command.name());
            if (Arrays.asList(rest).contains("-h") || Arrays.asList(rest).contains("--help")) {
                printCommandHelp(session, command, subVerb);
                return ExitCode.OK;
            }
            line = parse(command, subVerb, rest);
            return command.run(line, session);
        } catch (ParseException e) {
            session.err().println(PROGRAM + " " + verb + ": " + Shown.escaped(e.getMessage()) + "; run '" + PROGRAM
                    + " " + verb + " --help' for its options");
            return ExitCode.BAD_INPUT;
        } catch (InvalidPathException e) {
            // A path given on the command line that this system cannot name (a NUL in it).
            session.err().println(PROGRAM + " " + verb + ": the path " + Shown.quoted(e.getInput())
                    + " is not valid here (" + Shown.escaped(e.getReason()) + "); give the path exactly");
            return ExitCode.BAD_INPUT;
        } catch (InvalidInputException e) {
            for (InputProblem problem : e.problems()) {
                session.err().println(problem);
            }
            JsonOutput.writeFailure(line, session, verb, ExitCode.BAD_INPUT, ProblemJson.of(e.problems()));
            return ExitCode.BAD_INPUT;
        } catch (Exception | Error e) {
            if (InternalFailure.isBug(e)) {
                return InternalFailure.report(PROGRAM + " " + verb, e, debug, session.err());
            }
            session.err().println(PROGRAM + " " + verb + ": " + describe(e));
            if (debug) {
                e.printStackTrace(session.err());
            }
            JsonOutput.writeFailure(line, session, verb, ExitCode.HOST_FAILED,
                    List.of(ProblemJson.message(describe(e))));
            return ExitCode.HOST_FAILED;
        }
    }

    /**
     * The sub-verb a verb such as {@code keys} is given: its first argument that is not an option (options of any
     * of its sub-verbs may come first: {@code keys -i inv.yml new}).
     */
    private static Optional<SubVerb> subVerb(Command command, String[] rest) throws ParseException {
        if (command.subVerbs().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> given = firstArgument(command, rest);
        if (given.isEmpty()) {
            if (Arrays.asList(rest).contains("-h") || Arrays.asList(rest).contains("--help")) {
                return Optional.empty();
            }
            throw new ParseException("missing action: " + names(command));
        }
        return Optional.of(command.subVerbs().stream().filter(sub -> sub.name().equals(given.get())).findFirst()
                .orElseThrow(() -> new ParseException("unknown action '" + given.get() + "'; use " + names(command))));
    }

    /** The first word that is neither an option nor the value of one (of any of the verb's sub-verbs). */
    private static Optional<String> firstArgument(Command command, String[] rest) {
        for (int i = 0; i < rest.length; i++) {
            String token = rest[i];
            if (token.equals("--")) {
                return i + 1 < rest.length ? Optional.of(rest[i + 1]) : Optional.empty();
            }
            if (!token.startsWith("-") || token.equals("-")) {
                return Optional.of(token);
            }
            org.apache.commons.cli.Option option = command.options().getOption(token.replaceFirst("^--?", ""));
            if (option != null && option.hasArg() && !token.contains("=")) {
                i++;
            }
        }
        return Optional.empty();
    }

    /** "up, down, status or reset". */
    private static String names(Command command) {
        List<String> names = command.subVerbs().stream().map(SubVerb::name).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** "-i FILE --kid KID [--bits N]": the options of a sub-verb in one line, the optional ones in brackets. */
    private static String synopsis(SubVerb sub) {
        List<String> parts = new ArrayList<>();
        for (org.apache.commons.cli.Option option : sub.options().getOptions()) {
            if (option.getLongOpt() != null && option.getLongOpt().equals("help")) {
                continue;
            }
            String spelled = (option.getOpt() != null ? "-" + option.getOpt() : "--" + option.getLongOpt())
                    + (option.hasArg() ? " " + option.getArgName() : "");
            parts.add(option.isRequired() ? spelled : "[" + spelled + "]");
        }
        return String.join(" ", parts);
    }

    private static CommandLine parse(Command command, Optional<SubVerb> subVerb, String[] rest) throws ParseException {
        CommandLine line;
        try {
            line = new DefaultParser().parse(subVerb.map(SubVerb::options).orElse(command.options()), rest);
        } catch (UnrecognizedOptionException e) {
            if (subVerb.isPresent() && command.options().hasOption(e.getOption())) {
                throw new ParseException(e.getOption() + " does not go with '" + command.name() + " "
                        + subVerb.get().name() + "'");
            }
            throw e;
        }
        int allowed = command.maxArguments() + (subVerb.isPresent() ? 1 : 0);
        if (line.getArgList().size() > allowed) {
            throw new ParseException("unexpected argument '" + line.getArgList().get(allowed) + "'");
        }
        return line;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (!isOurs(e) || message == null || message.isBlank()) {
            return "internal error (a bug in jitsi-deploy, nothing was wrong with the input); run again with "
                    + DEBUG + " to see where, and report it";
        }
        return Shown.escaped(message);
    }

    /** Our exceptions and I/O failures carry messages written for the operator; JDK and library faults do not. */
    private static boolean isOurs(Throwable e) {
        return e.getClass().getName().startsWith("dev.jitsideploy.") || e instanceof java.io.IOException
                && e.getClass().getName().startsWith("java.");
    }

    private void printOverview(Session session) {
        PrintWriter out = new PrintWriter(session.out(), true);
        out.println("usage: " + PROGRAM + " [--version] [--debug] <command> [options]");
        out.println();
        out.println("Puts JWT (token) authentication on Jitsi Meet servers and proves that it works.");
        out.println();
        out.println("commands:");
        for (Command command : commands.values()) {
            out.printf("  %-10s %s%n", command.name(), command.summary());
        }
        out.println();
        out.println("Run '" + PROGRAM + " <command> --help' for the options of a command.");
        out.println("Exit codes: 0 ok, 1 a host failed, 2 bad input or usage, 3 plan has changes,"
                + " 4 internal error (a bug; --debug shows the stack trace).");
    }

    private static void printCommandHelp(Session session, Command command, Optional<SubVerb> subVerb)
            throws IOException {
        HelpFormatter formatter = HelpFormatter.builder()
                .setHelpAppendable(new TextHelpAppendable(session.out()))
                .setShowSince(false)
                .get();
        if (subVerb.isPresent()) {
            formatter.printHelp((PROGRAM + " " + command.name() + " " + subVerb.get().name()).strip(),
                    subVerb.get().summary(), subVerb.get().options(), null, true);
            return;
        }
        if (!command.subVerbs().isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("usage: " + PROGRAM + " " + command.name() + " " + command.usage());
            lines.add(command.summary());
            lines.add("");
            for (SubVerb sub : command.subVerbs()) {
                lines.add(String.format("  %-8s %s", sub.name(), (command.name() + " " + sub.name() + " "
                        + synopsis(sub)).strip()));
                lines.add(String.format("  %-8s   %s", "", sub.summary()));
            }
            lines.add("");
            lines.add("Run '" + PROGRAM + " " + command.name() + " <action> --help' for the options of an action.");
            lines.forEach(session.out()::println);
            return;
        }
        String syntax = (PROGRAM + " " + command.name() + " " + command.usage()).strip();
        formatter.printHelp(syntax, command.summary(), command.options(), null, true);
    }
}
