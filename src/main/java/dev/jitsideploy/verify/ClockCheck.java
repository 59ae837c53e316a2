package dev.jitsideploy.verify;

import dev.jitsideploy.verify.xmpp.TlsTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Compares the host's clock with ours through the {@code Date} header its web server sends for the public URL.
 * Prosody allows no clock skew on {@code exp}/{@code nbf}, so a host whose clock is off refuses good tokens (or
 * accepts expired ones) and the probe's time-based cases would say nothing.
 */
public final class ClockCheck {

    /** Beyond this, tokens minted here with 30 s of nbf back-dating can fail on the host. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private final Clock clock;

    public ClockCheck(Clock clock) {
        this.clock = clock;
    }

    /** The host's clock minus ours (positive: the host is ahead). */
    public Duration skew(URI publicUrl, TlsTrust trust, Duration timeout) throws IOException {
        HttpClient http = trust.httpClient(timeout);
        HttpRequest request = HttpRequest.newBuilder(publicUrl).timeout(timeout).GET().build();
        Instant sent = clock.instant();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the clock of " + publicUrl);
        }
        Instant received = clock.instant();
        String date = response.headers().firstValue("Date").orElseThrow(() -> new IOException(
                publicUrl + " sends no Date header, so its clock cannot be checked"));
        return skew(date, sent, received).orElseThrow(() -> new IOException(
                publicUrl + " sent a Date header that is not an HTTP date: " + date));
    }

    /**
     * The skew from an HTTP {@code Date} value, taken against the middle of the request; the header has whole
     * seconds only, so the result is good to about a second.
     */
    static Optional<Duration> skew(String httpDate, Instant sent, Instant received) {
        try {
            Instant server = ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Instant middle = sent.plus(Duration.between(sent, received).dividedBy(2));
            return Optional.of(Duration.between(middle, server));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The skew in words, e.g. {@code the host's clock is 2 s ahead of ours}. */
    public static String describe(Duration skew) {
        return "the host's clock is " + skew.abs().toSeconds() + " s " + (skew.isNegative() ? "behind" : "ahead of")
                + " ours";
    }

    /** A message for a skew beyond {@link #MAX_SKEW}, or empty when the clocks agree well enough. */
    public static Optional<String> problem(Duration skew) {
        if (skew.abs().compareTo(MAX_SKEW) <= 0) {
            return Optional.empty();
        }
        return Optional.of(describe(skew) + " (more than " + MAX_SKEW.toSeconds() + " s): Prosody allows no skew on "
                + "exp/nbf, so valid tokens can be refused; fix the time (NTP/chrony) on the host or here");
    }
}
