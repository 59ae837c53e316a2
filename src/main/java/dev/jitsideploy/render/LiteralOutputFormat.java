package dev.jitsideploy.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * FreeMarker output formats in which every {@code ${value}} is auto-escaped into a complete, double-quoted string
 * literal of the target language, quotes included, so a template cannot place a value anywhere it could be read as
 * code: {@code app_id = ${app_id}} renders {@code app_id = "the id"}. {@link #LUA} is used for {@code *.lua.ftl}
 * templates, {@link #JAVASCRIPT} for {@code *.js.ftl}.
 */
public final class LiteralOutputFormat extends CommonMarkupOutputFormat<LiteralOutputFormat.Markup> {

    public static final LiteralOutputFormat LUA = new LiteralOutputFormat("Lua", "text/x-lua",
            StringLiteral::lua);
    public static final LiteralOutputFormat JAVASCRIPT = new LiteralOutputFormat("JavaScript",
            "application/javascript", StringLiteral::javascript);

    private final String name;
    private final String mimeType;
    private final UnaryOperator<String> literal;

    private LiteralOutputFormat(String name, String mimeType, UnaryOperator<String> literal) {
        this.name = name;
        this.mimeType = mimeType;
        this.literal = literal;
    }

    /** Source text of this language that is output as is (e.g. a literal built by {@link JsLiteral}). */
    public Markup markup(String source) {
        return new Markup(this, null, source);
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(literal.apply(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        return literal.apply(plainTextContent);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Markup(this, plainTextContent, markupContent);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getMimeType() {
        return mimeType;
    }

    /** A piece of source text in one of these languages. */
    public static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
        private final LiteralOutputFormat format;

        Markup(LiteralOutputFormat format, String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
            this.format = format;
        }

        @Override
        public LiteralOutputFormat getOutputFormat() {
            return format;
        }
    }
}
