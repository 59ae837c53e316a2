package dev.jitsideploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Files share Rhino's standard objects, so no file may change them for the next. */
class ConfigJsObjectTest {

    @Test
    void aFileCannotChangeTheStandardObjectsForTheNext() {
        assertThat(evaluate("Object.prototype.injected = 'x';\nvar config = { a: 1 };\n")).isEmpty();
        assertThat(evaluate("Array.prototype.push = null;\nvar config = { a: 1 };\n")).isEmpty();

        Optional<ConfigJsObject> next = evaluate("var config = { b: [1, 2], c: { d: true } };\n"
                + "config.b.push(3);\n");
        assertThat(next).isPresent();
        assertThat(next.get().keys("")).containsExactly("b", "c");
        assertThat(next.get().value("injected")).isEmpty();
        assertThat(next.get().value("c.injected")).isEmpty();
        assertThat(next.get().value("b")).contains(java.util.List.of(1L, 2L, 3L));
    }

    @Test
    void eachFileHasItsOwnGlobals() {
        assertThat(evaluate("var config = { a: 1 };\nvar leftover = 'first';\n")).isPresent();
        Optional<ConfigJsObject> next = evaluate("var config = { seen: typeof leftover };\n");
        assertThat(next.flatMap(config -> config.value("seen"))).contains("undefined");
    }

    private static Optional<ConfigJsObject> evaluate(String text) {
        return ConfigJsObject.evaluate(text.getBytes(StandardCharsets.UTF_8));
    }
}
