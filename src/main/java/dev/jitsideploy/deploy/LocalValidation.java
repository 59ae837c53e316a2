package dev.jitsideploy.deploy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Parser;

/** Parses config.js (Rhino) and jicofo.conf (Typesafe Config, as jicofo does) before they are uploaded. */
final class LocalValidation {

    private LocalValidation() {
    }

    static void javascript(String path, String text) throws ValidationFailure {
        CompilerEnvirons environment = new CompilerEnvirons();
        environment.setLanguageVersion(org.mozilla.javascript.Context.VERSION_ES6);
        try {
            new Parser(environment).parse(text, path, 1);
        } catch (EvaluatorException e) {
            // Only the line: Rhino's message may quote the source, which can hold values we must not show.
            throw new ValidationFailure(path + ": JavaScript does not parse at line " + e.lineNumber());
        }
    }

    static void hocon(String path, String text) throws ValidationFailure {
        try {
            ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)).resolve();
        } catch (ConfigException e) {
            int line = e.origin() == null ? -1 : e.origin().lineNumber();
            throw new ValidationFailure(path + ": HOCON does not parse" + (line > 0 ? " at line " + line : ""));
        }
    }
}
