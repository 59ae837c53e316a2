package dev.jitsideploy.render;

import dev.jitsideploy.inventory.Location;
import freemarker.core.Environment;
import freemarker.core.TemplateProcessingTracer;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The writer a template renders into, told by FreeMarker (as its processing tracer) which template element is
 * writing. Each output line is attributed to the innermost element active at its first character: the element's
 * begin line plus the newlines that element has written so far (a block of static text spans several lines).
 */
final class TemplateLineRecorder extends Writer implements TemplateProcessingTracer {

    private final Function<String, Path> fileOf;
    private final StringBuilder text = new StringBuilder();
    private final List<Location> origins = new ArrayList<>();
    private final Deque<Frame> active = new ArrayDeque<>();
    private boolean atLineStart = true;

    /**
     * @param fileOf the file a template name stands for in messages (an override, or a built-in template); asked once
     *               per template name, as it looks at the disk and a render writes hundreds of lines
     */
    TemplateLineRecorder(Function<String, Path> fileOf) {
        Map<String, Path> files = new HashMap<>();
        this.fileOf = name -> files.computeIfAbsent(name, fileOf);
    }

    private static final class Frame {
        final TracedElement element;
        int newlines;

        Frame(TracedElement element) {
            this.element = element;
        }
    }

    @Override
    public void enterElement(Environment environment, TracedElement element) {
        active.push(new Frame(element));
    }

    @Override
    public void exitElement(Environment environment, TracedElement element) {
        active.pop();
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            if (atLineStart) {
                origins.add(origin());
                atLineStart = false;
            }
            text.append(c);
            if (c == '\n') {
                atLineStart = true;
                if (!active.isEmpty()) {
                    active.peek().newlines++;
                }
            }
        }
    }

    private Location origin() {
        Frame frame = active.peek();
        if (frame == null) {
            return new Location(fileOf.apply(""), 0, 0);
        }
        TracedElement element = frame.element;
        int column = frame.newlines == 0 ? element.getBeginColumn() : 1;
        return new Location(fileOf.apply(element.getTemplate().getSourceName()),
                element.getBeginLine() + frame.newlines, column);
    }

    TemplateOutput output() {
        return new TemplateOutput(text.toString(), origins);
    }

    @Override
    public void flush() {
        // Everything is in memory already.
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
