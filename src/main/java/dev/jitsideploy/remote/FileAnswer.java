package dev.jitsideploy.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the answer of {@link FileCommands#readAll(List, List)}: the listed files, then the directory entries. */
final class FileAnswer {

    private static final Pattern STAT_WITH_SIZE = Pattern.compile("([0-7]{1,4}) (\\S+) (\\S+) ([0-9]{1,9})");
    private static final Pattern ENTRY = Pattern.compile("entry ([0-9]{1,4}) ([0-7]{1,4}) (\\S+) (\\S+) ([0-9]{1,9})");

    private FileAnswer() {
    }

    /**
     * Path to file (empty when absent) for each of {@code paths}, in order, then each directory entry found.
     *
     * @throws IllegalArgumentException when the answer does not have the expected shape, e.g. a file changed between
     *                                  its stat and its read (the message shows none of it: it holds file contents)
     */
    static Map<String, Optional<RemoteFile>> parse(byte[] out, List<String> paths) {
        FramedAnswer answer = new FramedAnswer(out);
        List<Header> headers = new ArrayList<>();
        for (String path : paths) {
            String header = answer.line();
            if (header.equals("absent")) {
                headers.add(new Header(path, null, 0));
                continue;
            }
            Matcher stat = STAT_WITH_SIZE.matcher(header);
            if (!stat.matches()) {
                throw new IllegalArgumentException("unexpected answer from stat");
            }
            headers.add(new Header(path, ownerAndMode(stat.group(1), stat.group(2), stat.group(3)),
                    Long.parseLong(stat.group(4))));
        }
        for (String line = answer.line(); !line.equals("data"); line = answer.line()) {
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                throw new IllegalArgumentException("unexpected directory entry");
            }
            String path = new String(answer.bytes(Long.parseLong(entry.group(1))), StandardCharsets.UTF_8);
            headers.add(new Header(path, ownerAndMode(entry.group(2), entry.group(3), entry.group(4)),
                    Long.parseLong(entry.group(5))));
        }
        long size = headers.stream().mapToLong(Header::size).sum();
        if (size != answer.remaining()) {
            throw new IllegalArgumentException("a file changed while it was read (its size is not what stat said);"
                    + " run again");
        }
        Map<String, Optional<RemoteFile>> files = new LinkedHashMap<>();
        for (Header header : headers) {
            files.put(header.path(), header.ownerAndMode() == null ? Optional.empty()
                    : Optional.of(new RemoteFile(header.path(), answer.bytes(header.size()), header.ownerAndMode())));
        }
        return files;
    }

    /** A file's header line: its owner and mode (null when the file is absent) and size. */
    private record Header(String path, OwnerAndMode ownerAndMode, long size) {
    }

    private static OwnerAndMode ownerAndMode(String mode, String owner, String group) {
        return new OwnerAndMode(owner, group, Integer.parseInt(mode, 8));
    }
}
