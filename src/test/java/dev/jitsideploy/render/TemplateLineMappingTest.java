package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitsideploy.inventory.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rendered line is traced back to the template line that wrote it. The template below writes, on every output
 * line, the name of the line it comes from ({@code L7}, {@code INC2}); the recorded origin must say the same, through
 * lists, stripped directive lines, interpolations at column 1, macros and includes.
 */
class TemplateLineMappingTest {

    @TempDir
    Path dir;

    private static final Pattern SELF = Pattern.compile("(L|INC)(\\d+)");

    @Test
    void everyRenderedLineKnowsItsTemplateLine() throws Exception {
        Files.writeString(dir.resolve("main.lua.ftl"), String.join("\n",
                "<#-- L1: a comment, no output -->",
                "a = \"L2\"",
                "<#if true>",
                "b = \"L4\"",
                "</#if>",
                "<#list [1, 2, 3] as i>",
                "c${i} = \"L7\"",
                "</#list>",
                "${name} -- L9",
                "e = { <#list [1, 2] as j>\"L10\"<#sep>, </#list> }",
                "<#include \"inc.lua.ftl\">",
                "f = [[L12",
                "L13]]",
                "<#macro m>",
                "g = \"L15\"",
                "</#macro>",
                "<@m/>",
                "h = \"L18\"",
                ""));
        Files.writeString(dir.resolve("inc.lua.ftl"), "i = \"INC1\"\n  j = \"INC2\"\n");
        TemplateOutput output = new TemplateSet(dir).render("main.lua.ftl", Map.of("name", "d"));
        List<String> lines = output.text().lines().toList();
        assertThat(lines).hasSize(13).hasSameSizeAs(output.origins());
        for (int index = 0; index < lines.size(); index++) {
            Matcher self = SELF.matcher(lines.get(index));
            assertThat(self.find()).as(lines.get(index)).isTrue();
            Location origin = output.origins().get(index);
            String file = self.group(1).equals("L") ? "main.lua.ftl" : "inc.lua.ftl";
            assertThat(origin.file()).as(lines.get(index)).isEqualTo(dir.resolve(file));
            assertThat(origin.line()).as(lines.get(index)).isEqualTo(Integer.parseInt(self.group(2)));
        }
    }

    @Test
    void bothParsersFindTheLineOfALuaSyntaxErrorWithoutQuotingTheSource() {
        String text = "a = 1\nb = \"Kx7Qm2Vb9Tn4Lr8Wc1Zp6Hs3Jd5Fg0Ay\" \"oops\"\nc = 3\n";
        LuaSyntax luaj = new LuaSyntax(Optional.empty());
        LuaSyntax machine = LuaSyntax.onThisMachine();
        for (LuaSyntax lua : List.of(luaj, machine)) {
            Optional<LuaSyntax.Problem> problem = lua.check(text);
            assertThat(problem).as(lua.parserName()).isPresent();
            assertThat(problem.get().line()).as(lua.parserName()).isEqualTo(2);
            assertThat(problem.get().reason()).as(lua.parserName()).doesNotContain("Kx7Qm2").doesNotContain("oops");
            assertThat(lua.check("a = 1\nb = { \"x\", \"y\" }\n")).as(lua.parserName()).isEmpty();
        }
        assertThat(luaj.parserName()).isEqualTo("LuaJ");
    }
}
