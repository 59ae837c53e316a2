package dev.jitsideploy.cli;

import dev.jitsideploy.inventory.HostConfig;
import dev.jitsideploy.inventory.HostLimit;
import dev.jitsideploy.inventory.Inventory;
import dev.jitsideploy.inventory.InventoryLoader;
import dev.jitsideploy.report.JsonDocument;
import dev.jitsideploy.report.KeysListDocument;
import dev.jitsideploy.report.ProblemJson;
import dev.jitsideploy.secrets.KeyDirectory;
import dev.jitsideploy.secrets.KeyId;
import dev.jitsideploy.secrets.KeyRing;
import dev.jitsideploy.secrets.KeyRingException;
import dev.jitsideploy.secrets.StoredKey;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code keys new|list|retire}: the RS256 key pairs in the inventory's {@code auth.keys_dir}. Only local files change;
 * {@code apply} publishes (or removes) the public keys on the hosts.
 */
final class KeysCommand implements Command {

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public String summary() {
        return "make, list and retire RS256 key pairs in the local key directory (auth.keys_dir)";
    }

    @Override
    public String usage() {
        return "new|list|retire";
    }

    @Override
    public Options options() {
        return SubVerb.allOptions(subVerbs());
    }

    /** Each action with the options it takes; an option of another action is refused (exit 2). */
    @Override
    public List<SubVerb> subVerbs() {
        return List.of(
                new SubVerb("new", "make a key pair (the newest key signs tokens once 'apply' published it)",
                        new Options().addOption(CommonOptions.inventory()).addOption(kidOption())
                                .addOption(bitsOption()).addOption(CommonOptions.limit())
                                .addOption(CommonOptions.help())),
                new SubVerb("list", "list the published and retired keys",
                        new Options().addOption(CommonOptions.inventory()).addOption(CommonOptions.limit())
                                .addOption(CommonOptions.json()).addOption(CommonOptions.help())),
                new SubVerb("retire", "move a key to retired/ ('apply' then removes it from the hosts)",
                        new Options().addOption(CommonOptions.inventory()).addOption(kidOption())
                                .addOption(CommonOptions.limit()).addOption(CommonOptions.help())));
    }

    private static Option kidOption() {
        return Option.builder().longOpt("kid").hasArg().argName("KID").required()
                .desc("key id: 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit").get();
    }

    private static Option bitsOption() {
        return Option.builder().longOpt("bits").hasArg().argName("N")
                .desc("RSA key size: " + KeyDirectory.KEY_SIZES.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " (default 2048)").get();
    }

    @Override
    public int run(CommandLine line, Session session) throws Exception {
        String action = line.getArgList().get(0);
        Inventory inventory = new InventoryLoader().load(session.resolve(line.getOptionValue("inventory")));
        List<HostConfig> hosts = HostLimit.select(inventory, line.getOptionValue("limit"));
        KeyDirectory keys = new KeyDirectory(keyDirectory(hosts));
        try {
            return switch (action) {
                case "new" -> create(line, session, keys, hosts);
                case "retire" -> retire(line, session, keys);
                default -> list(line, session, keys, inventory);
            };
        } catch (KeyRingException e) {
            session.err().println("jitsi-deploy keys: " + e.getMessage());
            JsonOutput.writeFailure(line, session, "keys " + action, ExitCode.BAD_INPUT,
                    List.of(ProblemJson.message(e.getMessage())));
            return ExitCode.BAD_INPUT;
        }
    }

    /** The one key directory of the selected hosts; hosts with different ones must be picked with --limit. */
    private static Path keyDirectory(List<HostConfig> hosts) throws ParseException {
        Map<Path, List<String>> directories = new LinkedHashMap<>();
        for (HostConfig host : hosts) {
            directories.computeIfAbsent(host.auth().keysDir(), d -> new ArrayList<>()).add(host.name());
        }
        if (directories.size() != 1) {
            throw new ParseException("the hosts use different key directories ("
                    + directories.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; ")) + "); pick the hosts of one with --limit");
        }
        return directories.keySet().iterator().next();
    }

    private static KeyId kid(CommandLine line) throws ParseException {
        String kid = line.getOptionValue("kid");
        Optional<String> problem = KeyId.problem(kid);
        if (problem.isPresent()) {
            throw new ParseException("--kid: " + problem.get());
        }
        return new KeyId(kid);
    }

    private static int create(CommandLine line, Session session, KeyDirectory keys, List<HostConfig> hosts)
            throws Exception {
        KeyId kid = kid(line);
        int bits = CommonOptions.positiveInt(line, "bits", 2048);
        // Full precision: two keys made within one second must still order by creation (the newest signs).
        StoredKey key = keys.create(kid, bits, Instant.now(), new SecureRandom());
        session.out().println("created RSA " + bits + " key " + kid + " in " + key.directory()
                + " (private.pem 0600, stays on this machine)");
        session.out().println("published as " + key.publishedFileName() + " once 'apply' has run; it is now the"
                + " newest key, which token and verify sign with");
        session.out().println("next: apply (publishes it next to the current keys), then switch your token issuers"
                + " to kid " + kid + ", then 'keys retire' the old kid after its tokens have expired");
        List<String> hs256 = hosts.stream().filter(h -> !h.auth().isRs256()).map(HostConfig::name).toList();
        if (!hs256.isEmpty()) {
            session.out().println("note: " + String.join(", ", hs256) + " still use HS256; set auth.algorithm:"
                    + " RS256 to use this key (a switch that restarts Prosody, see docs/rotation.md)");
        }
        return ExitCode.OK;
    }

    private static int list(CommandLine line, Session session, KeyDirectory keys, Inventory inventory)
            throws Exception {
        KeyRing ring = keys.load();
        KeysListDocument listed = KeysListDocument.of(ring, inventory.warnings());
        PrintStream text = FleetCommandSupport.textStream(line, session);
        text.println("key directory " + ring.directory());
        if (listed.keys().isEmpty()) {
            text.println("no keys; make one with: jitsi-deploy keys new -i INVENTORY --kid KID");
        } else {
            text.printf("%-24s %-69s %-21s %s%n", "KID", "PUBLISHED AS", "CREATED", "STATUS");
            for (KeysListDocument.KeyJson key : listed.keys()) {
                text.printf("%-24s %-69s %-21s %s%n", key.kid(), key.publishedAs(), key.created(),
                        key.retired() != null ? "retired " + key.retired()
                                : key.newest() ? "newest (signs tokens)" : "published");
            }
        }
        JsonOutput.write(line, session, () -> JsonDocument.write(listed));
        return ExitCode.OK;
    }

    private static int retire(CommandLine line, Session session, KeyDirectory keys) throws Exception {
        KeyId kid = kid(line);
        KeyRing ring = keys.load();
        if (ring.newest().isPresent() && ring.newest().get().kid().equals(kid)) {
            throw new KeyRingException("key " + kid + " is the newest key, which tokens are signed with; make its"
                    + " successor first (keys new --kid NEW), switch the issuers to it, then retire " + kid);
        }
        StoredKey key = keys.retire(kid, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        session.out().println("retired key " + kid + ": moved to " + key.directory());
        session.out().println("'apply' now removes " + key.publishedFileName() + " from every host's key"
                + " directory, so Prosody can no longer fetch it");
        session.err().println("warning: a running Prosody caches every public key it has fetched until it restarts:"
                + " hosts that accepted a token of " + kid + " since their last restart still accept its tokens."
                + " To revoke it, restart Prosody (this ends running meetings) with: jitsi-deploy apply -i "
                + line.getOptionValue("inventory") + (line.hasOption("limit") ? " --limit "
                + line.getOptionValue("limit") : "") + " --restart prosody");
        return ExitCode.OK;
    }
}
