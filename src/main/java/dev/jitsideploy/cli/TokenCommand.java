package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.verify.token.SignedToken;
import dev.jitsideploy.verify.token.SigningKey;
import dev.jitsideploy.verify.token.TokenClaims;
import dev.jitsideploy.verify.token.TokenMinter;
import dev.jitsideploy.verify.token.TokenProfile;
import dev.jitsideploy.verify.token.TokenUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code token}: mints a token one host accepts, from the inventory's settings and secret. */
final class TokenCommand implements Command {

    private static final Duration DEFAULT_TTL = Duration.ofHours(1);

    @Override
    public String name() {
        return "token";
    }

    @Override
    public String summary() {
        return "mint a token (JWT) that a host accepts, optionally as a meeting link";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.inventory())
                .addOption(Option.builder().longOpt("host").hasArg().argName("HOST").required()
                        .desc("the inventory host whose settings and secret to use").get())
                .addOption(Option.builder().longOpt("room").hasArg().argName("ROOM")
                        .desc("room the token is for, or '*' for any room (default '*')").get())
                .addOption(Option.builder().longOpt("user-name").hasArg().argName("NAME")
                        .desc("context.user.name").get())
                .addOption(Option.builder().longOpt("email").hasArg().argName("EMAIL")
                        .desc("context.user.email").get())
                .addOption(Option.builder().longOpt("avatar").hasArg().argName("URL")
                        .desc("context.user.avatar").get())
                .addOption(Option.builder().longOpt("moderator").desc("context.user.moderator = true").get())
                .addOption(Option.builder().longOpt("ttl").hasArg().argName("DURATION")
                        .desc("lifetime, e.g. 90s, 30m, 1h, 2d (default 1h)").get())
                .addOption(Option.builder().longOpt("url")
                        .desc("print the meeting link with ?jwt= instead of the bare token").get())
                .addOption(CommonOptions.help());
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        Duration ttl = ttl(line.getOptionValue("ttl"));
        String room = line.getOptionValue("room", "*");
        if (room.isBlank()) {
            throw new ParseException("--room must not be empty");
        }
        if (line.hasOption("url") && room.equals("*")) {
            throw new ParseException("--url needs a --room: a link opens one room");
        }
        Inventory inventory = new InventoryLoader().load(session.resolve(line.getOptionValue("inventory")));
        String hostName = line.getOptionValue("host");
        HostConfig host = inventory.hosts().stream().filter(h -> h.name().equals(hostName)).findFirst()
                .orElseThrow(() -> new ParseException("unknown host '" + hostName + "'; the inventory has: "
                        + inventory.hosts().stream().map(HostConfig::name).collect(Collectors.joining(", "))));
        TokenProfile profile = TokenProfile.of(host);
        TokenClaims claims = profile.claimsFor(room, Instant.now(), ttl);
        if (line.hasOption("user-name") || line.hasOption("email") || line.hasOption("avatar")
                || line.hasOption("moderator")) {
            claims = claims.withUser(new TokenUser(line.getOptionValue("user-name"), line.getOptionValue("email"),
                    line.getOptionValue("avatar"), line.hasOption("moderator") ? Boolean.TRUE : null));
        }
        SigningKey key = TokenProfile.signingKey(FleetCommandSupport.credentials(session, List.of(host)).of(host));
        SignedToken token = TokenMinter.mint(claims, key);
        session.out().println(line.hasOption("url") ? TokenProfile.meetingUrl(host.publicUrl(), room, token)
                : token.compact());
        session.err().println("token for " + host.name() + " (" + host.domain() + "), " + key.describe() + ", room "
                + claims.room()
                + ", iss " + claims.issuer() + ", aud " + claims.audience() + ", expires " + claims.expiresAt()
                .getEpochSecond() + " (" + Instant.ofEpochSecond(claims.expiresAt().getEpochSecond()) + ")");
        return ExitCode.OK;
    }

    /** Reads 90s, 30m, 1h or 2d. */
    static Duration ttl(String text) throws ParseException {
        if (text == null) {
            return DEFAULT_TTL;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("[1-9][0-9]{0,6}[smhd]")) {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        throw new ParseException("--ttl takes a positive duration like 90s, 30m, 1h or 2d, got '" + text + "'");
    }
}
