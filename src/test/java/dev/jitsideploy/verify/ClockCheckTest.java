package dev.jitsideploy.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockCheckTest {

    private static final Instant SENT = Instant.parse("2026-11-23T10:00:00.200Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00.800Z");

    @Test
    void skewIsTheServersDateAgainstTheMiddleOfTheRequest() {
        assertThat(ClockCheck.skew("Mon, 23 Nov 2026 10:00:45 GMT", SENT, RECEIVED))
                .contains(Duration.ofMillis(44_500));
        assertThat(ClockCheck.skew("Mon, 23 Nov 2026 09:58:00 GMT", SENT, RECEIVED))
                .contains(Duration.ofMillis(-120_500));
        assertThat(ClockCheck.skew("yesterday", SENT, RECEIVED)).isEmpty();
    }

    @Test
    void moreThanThirtySecondsEitherWayIsAProblemThatSaysWhichWay() {
        assertThat(ClockCheck.problem(Duration.ofSeconds(29))).isEmpty();
        assertThat(ClockCheck.problem(Duration.ofSeconds(-30))).isEmpty();
        assertThat(ClockCheck.problem(Duration.ofSeconds(-121)).orElseThrow())
                .startsWith("the host's clock is 121 s behind ours");
        assertThat(ClockCheck.problem(Duration.ofSeconds(45)).orElseThrow()).contains("45 s ahead of ours");
    }
}
