package dev.jitsideploy.remote;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a host script's answer framed by lengths: header lines, then exactly as many bytes as the headers said
 * ({@code host/batch.sh}, {@code host/read-files.sh}). Its messages never quote the answer, which holds file contents.
 */
final class FramedAnswer {

    private final byte[] out;
    private int position;

    FramedAnswer(byte[] out) {
        this.out = out;
    }

    /** The next line, without its newline. */
    String line() {
        for (int i = position; i < out.length; i++) {
            if (out[i] == '\n') {
                String line = new String(out, position, i - position, StandardCharsets.UTF_8);
                position = i + 1;
                return line;
            }
        }
        throw new IllegalArgumentException("the answer ended early");
    }

    /** The next {@code size} bytes. */
    byte[] bytes(long size) {
        if (size > remaining()) {
            throw new IllegalArgumentException("the answer ended early");
        }
        byte[] bytes = Arrays.copyOfRange(out, position, position + (int) size);
        position += (int) size;
        return bytes;
    }

    /** How many bytes are left after what was read. */
    long remaining() {
        return out.length - position;
    }
}
