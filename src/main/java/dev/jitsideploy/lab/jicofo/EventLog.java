package dev.jitsideploy.lab.jicofo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;

/** One timestamped line per event, on the stand-in's stdout (the init script sends it to jicofo.log). */
final class EventLog {

    private final PrintStream out;
    private final Clock clock;

    EventLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    void event(String line) {
        out.println(Instant.now(clock) + " jicofo-stand-in " + line);
        out.flush();
    }
}
