package dev.jitsideploy.render;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.compiler.LuaC;

/**
 * Parses rendered Lua before it leaves the machine, with LuaJ's compiler (Lua 5.2 syntax) in this process, and with
 * {@code luac -p} (the compiler of the Lua Prosody runs, the check apply repeats on the host) when it is installed
 * here and LuaJ refuses the text.
 *
 * <p>Why LuaJ first: a text LuaJ accepts is one every later Lua accepts too (5.3 and 5.4 only added syntax), so luac
 * could only agree; and a luac is a process with a temp file, some 20 ms of this machine's CPU per host rendered
 * (every host's vhost differs, by its domain at least), the largest part of a no-op plan's client CPU per host at
 * 100 hosts. A text LuaJ refuses may still be valid for Prosody's newer Lua (e.g. {@code //}), so there luac decides.
 */
final class LuaSyntax {

    /** Where the error is and what it is, without the source text (which may hold a secret). */
    record Problem(int line, String reason) {
    }

    private static final Pattern LOCATED = Pattern.compile(":(\\d+):\\s*(.*)");
    private static final long LUAC_TIMEOUT_SECONDS = 10;

    /** Verdicts kept: a run renders a handful of distinct vhost texts, each host's at most a few times. */
    private static final int VERDICTS_KEPT = 64;

    private final Optional<Path> luac;

    /**
     * luac's verdict per SHA-256 of a text it checked. Starting luac costs 15-30 ms (a process, a temp file), far more
     * than the render around it, and the same text is checked again whenever a host is rendered again (plan and
     * apply's fresh plan in one run, hosts whose vhosts render the same, a test's thousands of renders); the verdict
     * on the same bytes by the same luac cannot differ. Digests, not texts, so no rendered secret is kept here.
     */
    private final Map<String, Optional<Problem>> luacVerdicts = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<Problem>> eldest) {
                    return size() > VERDICTS_KEPT;
                }
            });

    /** @param luac the luac executable to use, or empty for LuaJ */
    LuaSyntax(Optional<Path> luac) {
        this.luac = luac;
    }

    /** With this machine's {@code luac5.4} or {@code luac} when one is on the PATH. */
    static LuaSyntax onThisMachine() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String name : List.of("luac5.4", "luac")) {
                for (String directory : path.split(File.pathSeparator)) {
                    Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return new LuaSyntax(Optional.of(candidate));
                    }
                }
            }
        }
        return new LuaSyntax(Optional.empty());
    }

    /** What has the last word on a text here: "luac5.4", "luac" or "LuaJ". */
    String parserName() {
        return luac.map(path -> path.getFileName().toString()).orElse("LuaJ");
    }

    /** The first syntax error of {@code text}, or empty when it parses. */
    Optional<Problem> check(String text) {
        Optional<Problem> byLuaJ = withLuaJ(text);
        if (byLuaJ.isEmpty() || luac.isEmpty()) {
            return byLuaJ;
        }
        String digest = digest(text);
        Optional<Problem> known = luacVerdicts.get(digest);
        if (known != null) {
            return known;
        }
        Optional<Optional<Problem>> answer = withLuac(luac.get(), text);
        if (answer.isEmpty()) {
            return byLuaJ;
        }
        luacVerdicts.put(digest, answer.get());
        return answer.get();
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256.
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Problem> withLuaJ(String text) {
        try (InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
            LuaC.instance.compile(in, "=rendered");
            return Optional.empty();
        } catch (LuaError e) {
            return Optional.of(problem(e.getMessage()));
        } catch (IOException e) {
            // Reading a byte array does not fail.
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * luac's verdict, or empty when luac could not be run (then LuaJ decides). One luac at a time: a run renders many
     * hosts at once, a luac takes milliseconds, and each process running at once costs the JVM a reaper thread that
     * then idles for a minute (issue 15 bounds a run's threads by --forks).
     */
    private static synchronized Optional<Optional<Problem>> withLuac(Path luac, String text) {
        Path messages = null;
        try {
            // luac's words go to a file, not a pipe, so a luac that hangs cannot block this thread past the timeout.
            messages = Files.createTempFile("jitsi-deploy-luac", ".txt");
            Process process = new ProcessBuilder(luac.toString(), "-p", "-").redirectErrorStream(true)
                    .redirectOutput(messages.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(LUAC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() == 0) {
                return Optional.of(Optional.empty());
            }
            String output = new String(Files.readAllBytes(messages), StandardCharsets.UTF_8).strip();
            return Optional.of(Optional.of(problem(output)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(messages);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file of luac's messages holds no source text; the check's verdict stands.
        }
    }

    /**
     * The line and reason of a Lua error message ({@code luac5.4: stdin:3: '}' expected near 'x'}); the "near"
     * part is dropped, as it quotes the source.
     */
    private static Problem problem(String message) {
        Matcher matcher = LOCATED.matcher(message == null ? "" : message);
        if (!matcher.find()) {
            return new Problem(0, "does not parse");
        }
        String reason = matcher.group(2).replaceAll("\\s+near\\s.*$", "").replaceAll("\\s+at line \\d+$", "");
        return new Problem(Integer.parseInt(matcher.group(1)), reason.isBlank() ? "does not parse" : reason);
    }
}
