package dev.jitsideploy.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * FreeMarker output format of the JavaScript templates (files named {@code *.js.ftl}). Every {@code ${value}} is
 * auto-escaped into a complete double-quoted JavaScript string literal. Besides quotes, backslashes and control
 * characters it escapes {@code < > &} (so {@code </script>} and HTML/SSI markup cannot appear, since nginx may
 * inline the file into a page) and U+2028/U+2029 and surrogates (line terminators in older JavaScript).
 */
public final class JsOutputFormat extends CommonMarkupOutputFormat<JsOutputFormat.JsMarkup> {

    public static final JsOutputFormat INSTANCE = new JsOutputFormat();

    private JsOutputFormat() {
    }

    /** {@code value} as a JavaScript string literal that evaluates to exactly {@code value}. */
    public static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == '\''
                            || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A JavaScript markup value that is output as is (already a literal built by {@link JsLiteral}). */
    public static JsMarkup markup(String javascript) {
        return new JsMarkup(null, javascript);
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(literal(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        return literal(plainTextContent);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected JsMarkup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new JsMarkup(plainTextContent, markupContent);
    }

    @Override
    public String getName() {
        return "JavaScript";
    }

    @Override
    public String getMimeType() {
        return "application/javascript";
    }

    /** A piece of JavaScript source. */
    public static final class JsMarkup extends CommonTemplateMarkupOutputModel<JsMarkup> {
        JsMarkup(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public JsOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
