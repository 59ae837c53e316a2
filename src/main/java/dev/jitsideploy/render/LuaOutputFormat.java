package dev.jitsideploy.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * FreeMarker output format of the Lua templates (files named {@code *.lua.ftl}). Every {@code ${value}} is
 * auto-escaped into a complete double-quoted Lua string literal, quotes included, so a template cannot place a value
 * anywhere it could be read as code: {@code app_id = ${app_id}} renders {@code app_id = "the id"}.
 */
public final class LuaOutputFormat extends CommonMarkupOutputFormat<LuaOutputFormat.LuaMarkup> {

    public static final LuaOutputFormat INSTANCE = new LuaOutputFormat();

    private LuaOutputFormat() {
    }

    /** {@code value} as a Lua string literal that Lua reads back as exactly the same UTF-8 bytes. */
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
                    if (c < 0x20 || c == 0x7f) {
                        // Always three digits, so a digit that follows is not taken into the escape.
                        out.append(String.format("\\%03d", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
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
    protected LuaMarkup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new LuaMarkup(plainTextContent, markupContent);
    }

    @Override
    public String getName() {
        return "Lua";
    }

    @Override
    public String getMimeType() {
        return "text/x-lua";
    }

    /** A piece of Lua source. */
    public static final class LuaMarkup extends CommonTemplateMarkupOutputModel<LuaMarkup> {
        LuaMarkup(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public LuaOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
