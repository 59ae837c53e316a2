package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.Shown;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.help.HelpFormatter;
import org.apache.commons.cli.help.TextHelpAppendable;

/** Finds the verb, parses its options, runs it and turns failures into one-line messages and exit codes. */
public final class JitsiDeploy {

    private static final String PROGRAM = "jitsi-deploy";
    private static final String DEBUG = "--debug";

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public JitsiDeploy() {
        for (Command command : List.<Command>of(new ValidateCommand(), new RenderCommand(), new PlanCommand(),
                new ApplyCommand(), new RollbackCommand(), new RotateCommand(), new TokenCommand(), new VerifyCommand(),
                new KeysCommand(), new LabCommand())) {
            commands.put(command.name(), command);
        }
    }

    int run(Session session, String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            printOverview(session);
            return args.length == 0 ? ExitCode.BAD_INPUT : ExitCode.OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            session.err().println(PROGRAM + ": unknown command " + Shown.quoted(args[0]) + "; run '" + PROGRAM
                    + " --help' to list the commands");
            return ExitCode.BAD_INPUT;
        }
        // --debug is taken before the command's options, so every command has it: it shows where an unexpected
        // failure happened (a stack trace), which nothing else ever prints.
        boolean debug = Arrays.asList(args).subList(1, args.length).contains(DEBUG);
        String[] rest = Arrays.stream(args).skip(1).filter(arg -> !arg.equals(DEBUG)).toArray(String[]::new);
        try {
            if (Arrays.asList(rest).contains("-h") || Arrays.asList(rest).contains("--help")) {
                printCommandHelp(session, command);
                return ExitCode.OK;
            }
            CommandLine line = new DefaultParser().parse(command.options(), rest);
            if (line.getArgList().size() > command.maxArguments()) {
                throw new ParseException("unexpected argument '"
                        + line.getArgList().get(command.maxArguments()) + "'");
            }
            return command.run(line, session);
        } catch (ParseException e) {
            session.err().println(PROGRAM + " " + command.name() + ": " + Shown.escaped(e.getMessage()) + "; run '"
                    + PROGRAM + " " + command.name() + " --help' for its options");
            return ExitCode.BAD_INPUT;
        } catch (InvalidPathException e) {
            // A path given on the command line that this system cannot name (a NUL in it).
            session.err().println(PROGRAM + " " + command.name() + ": the path " + Shown.quoted(e.getInput())
                    + " is not valid here (" + Shown.escaped(e.getReason()) + "); give the path exactly");
            return ExitCode.BAD_INPUT;
        } catch (InvalidInputException e) {
            for (InputProblem problem : e.problems()) {
                session.err().println(problem);
            }
            return ExitCode.BAD_INPUT;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            // Messages of our own exceptions never carry secrets. Anything else is a fault of the tool, not of the
            // input: its text (a Java class, a library's words) is not for the operator, --debug shows it.
            session.err().println(PROGRAM + " " + command.name() + ": " + describe(e));
            if (debug) {
                e.printStackTrace(session.err());
            }
            return ExitCode.HOST_FAILED;
        }
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
        out.println("usage: " + PROGRAM + " <command> [options]");
        out.println();
        out.println("Puts JWT (token) authentication on Jitsi Meet servers and proves that it works.");
        out.println();
        out.println("commands:");
        for (Command command : commands.values()) {
            out.printf("  %-10s %s%n", command.name(), command.summary());
        }
        out.println();
        out.println("Run '" + PROGRAM + " <command> --help' for the options of a command.");
        out.println("Exit codes: 0 ok, 1 a host failed, 2 bad input or usage, 3 plan has changes.");
    }

    private static void printCommandHelp(Session session, Command command) throws IOException {
        HelpFormatter formatter = HelpFormatter.builder()
                .setHelpAppendable(new TextHelpAppendable(session.out()))
                .setShowSince(false)
                .get();
        String syntax = (PROGRAM + " " + command.name() + " " + command.usage()).strip();
        formatter.printHelp(syntax, command.summary(), command.options(), null, true);
    }
}
