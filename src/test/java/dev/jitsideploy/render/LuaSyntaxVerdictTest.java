package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LuaJ decides a text it accepts (every later Lua accepts it too); luac decides a text LuaJ refuses, once per distinct
 * text: checked again, it gets the verdict luac gave it.
 */
class LuaSyntaxVerdictTest {

    @TempDir
    Path dir;

    @Test
    void luacRunsOnlyOnTextsLuaJRefusesAndOncePerDistinctText() throws Exception {
        Path runs = dir.resolve("runs");
        // A luac that counts its runs and refuses any text holding "bad" the way luac words an error.
        Path luac = dir.resolve("luac");
        Files.writeString(luac, """
                #!/bin/sh
                echo run >> '%s'
                if grep -q bad; then echo "luac: stdin:1: unexpected symbol near 'bad'"; exit 1; fi
                """.formatted(runs));
        Files.setPosixFilePermissions(luac, PosixFilePermissions.fromString("rwx------"));
        LuaSyntax lua = new LuaSyntax(Optional.of(luac));

        assertThat(lua.check("a = 1\n")).isEmpty();
        assertThat(lua.check("a = 2\n")).isEmpty();
        assertThat(runs).doesNotExist();

        // Lua 5.3's integer division: LuaJ (5.2) refuses it, this luac accepts it, and its word counts.
        assertThat(lua.check("a = 7 // 2\n")).isEmpty();
        assertThat(lua.check("a = 7 // 2\n")).isEmpty();
        assertThat(Files.readAllLines(runs)).hasSize(1);

        Optional<LuaSyntax.Problem> problem = lua.check("a = bad bad\n");
        assertThat(problem).contains(new LuaSyntax.Problem(1, "unexpected symbol"));
        assertThat(lua.check("a = bad bad\n")).isEqualTo(problem);
        assertThat(Files.readAllLines(runs)).hasSize(2);

        // Another renderer (another run) asks its luac again.
        assertThat(new LuaSyntax(Optional.of(luac)).check("a = 7 // 2\n")).isEmpty();
        assertThat(Files.readAllLines(runs)).hasSize(3);
    }

    @Test
    void withoutLuacLuaJDecides() {
        LuaSyntax lua = new LuaSyntax(Optional.empty());
        assertThat(lua.check("a = 1\n")).isEmpty();
        assertThat(lua.check("a = = 1\n")).hasValueSatisfying(problem -> assertThat(problem.line()).isEqualTo(1));
    }
}
