package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.core.access.MachineTokens;
import dev.tj.core.config.TjConfig;
import dev.tj.core.json.ApiJson;
import dev.tj.core.storage.IngestToken;
import dev.tj.core.storage.Storage;
import dev.tj.server.api.AccessModule;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tj token create|list|revoke}: ingest tokens per machine. While the daemon runs it owns the
 * database, so the command asks its admin API (with the API key, else the ingest secret); when no
 * daemon answers it opens the database itself.
 */
@Command(
        name = "token",
        description = "Ingest tokens per machine: create (shown once), list, revoke.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("Usage: tj token create --machine NAME | tj token list | tj token revoke MACHINE|ID");
        return 2;
    }

    @Command(name = "create", description = "Make a token for a machine and print it once (only its hash is kept).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--machine", required = true, description = "the machine the token is for")
        String machine;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = ApiJson.mapper().createObjectNode().put("machine", machine);
            return run(
                    configOption.load(),
                    "POST",
                    AccessModule.TOKENS,
                    body,
                    tokens -> {
                        MachineTokens.Issued issued = tokens.create(machine);
                        ObjectNode out = ApiJson.mapper().valueToTree(AccessModule.view(issued.token()));
                        out.put("token", issued.text());
                        return out;
                    },
                    (out, json) -> {
                        out.println(json.path("token").asText());
                        System.err.println("Token " + json.path("id").asText() + " for machine "
                                + json.path("machine").asText()
                                + ". Shown once: keep it now (tj keeps only its hash).");
                        System.err.println(
                                "On that machine: OTEL_EXPORTER_OTLP_HEADERS=\"Authorization=Bearer <token>\"");
                    });
        }
    }

    @Command(
            name = "list",
            description = "Every token: machine, id, prefix, created, last used, revoked (never the token).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return run(
                    configOption.load(),
                    "GET",
                    AccessModule.TOKENS,
                    null,
                    tokens -> listing(tokens.list(), "tokens"),
                    (out, body) -> {
                        if (json) out.println(body.toString());
                        else table(out, body.path("tokens"));
                    });
        }
    }

    @Command(name = "revoke", description = "Revoke one token (by id) or every token of a machine.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Parameters(index = "0", paramLabel = "MACHINE|ID", description = "a machine name or a token id")
        String target;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = ApiJson.mapper().createObjectNode().put("target", target);
            return run(
                    configOption.load(),
                    "POST",
                    AccessModule.REVOKE,
                    body,
                    tokens -> {
                        List<IngestToken> revoked = tokens.revoke(target);
                        if (revoked.isEmpty()) throw new NoMatch();
                        return listing(revoked, "revoked");
                    },
                    (out, json) -> {
                        for (JsonNode t : json.path("revoked")) {
                            out.println("revoked " + t.path("id").asText() + " ("
                                    + t.path("machine").asText() + ")");
                        }
                    });
        }
    }

    /** Nothing matched a revoke: exit 1, said the same way as the daemon's 404. */
    static final class NoMatch extends RuntimeException {
        NoMatch() {
            super("No valid token has that id or machine", null, false, false);
        }
    }

    static JsonNode listing(List<IngestToken> tokens, String field) {
        ObjectNode out = ApiJson.mapper().createObjectNode();
        out.set(
                field,
                ApiJson.mapper()
                        .valueToTree(tokens.stream().map(AccessModule::view).toList()));
        return out;
    }

    interface Printer {
        void print(PrintStream out, JsonNode body) throws Exception;
    }

    /** Through the daemon when one answers, else on the database directly. */
    static int run(
            TjConfig config,
            String method,
            String path,
            JsonNode body,
            Function<MachineTokens, JsonNode> local,
            Printer printer)
            throws Exception {
        DaemonClient client = DaemonClient.locate(config, ConfigOption.tjHome(), 10_000);
        String credential = config.api().authEnabled() && !config.api().apiKey().isEmpty()
                ? config.api().apiKey()
                : IngestSecret.find(config, ConfigOption.tjHome()).orElse(null);
        Optional<DaemonClient.Response> r =
                method.equals("GET") ? client.get(path, credential) : client.post(path, body.toString(), credential);
        if (r.isPresent()) {
            DaemonClient.Response answer = r.get();
            if (!answer.ok()) {
                System.err.println("tj: the daemon at " + client.base() + " answered " + answer.status() + ": "
                        + detail(answer.body()));
                return 1;
            }
            printer.print(System.out, ApiJson.mapper().readTree(answer.body()));
            return 0;
        }
        if (!Files.exists(config.storage().path()))
            Files.createDirectories(config.storage().path().toAbsolutePath().getParent());
        JsonNode result;
        try (Storage storage = Stores.open(config.storage())) {
            result = local.apply(new MachineTokens(storage.tokens(), Clock.systemUTC()));
        } catch (NoMatch e) {
            System.err.println("tj: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("tj: " + e.getMessage());
            return 2;
        }
        printer.print(System.out, result);
        return 0;
    }

    private static String detail(String body) {
        try {
            JsonNode n = ApiJson.mapper().readTree(body);
            String d = n.path("error").asText(n.path("detail").asText(""));
            return d.isEmpty() ? "(no detail)" : d;
        } catch (Exception e) {
            return "(no detail)";
        }
    }

    static void table(PrintStream out, JsonNode tokens) {
        if (tokens.isEmpty()) {
            out.println("No ingest tokens. `tj token create --machine NAME` makes one.");
            return;
        }
        out.printf("  %-24s %-12s %-9s %-20s %-20s %s%n", "MACHINE", "ID", "PREFIX", "CREATED", "LAST USED", "REVOKED");
        for (JsonNode t : tokens) {
            out.printf(
                    "  %-24s %-12s %-9s %-20s %-20s %s%n",
                    SessionCommand.clip(SessionCommand.clean(t.path("machine").asText()), 24),
                    t.path("id").asText(),
                    t.path("prefix").asText() + "…",
                    when(t.path("created_at")),
                    when(t.path("last_used_at")),
                    when(t.path("revoked_at")));
        }
    }

    private static String when(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) return "-";
        String s = n.asText();
        return s.length() >= 19 ? s.substring(0, 10) + " " + s.substring(11, 19) : s;
    }
}
