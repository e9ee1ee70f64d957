package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.json.ApiJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TJ_HOME/server.json: which process serves which ports, for other tj commands on this machine.
 *
 * @param startedAt when the process started (as the OS reports it), so that a pid the OS gave to
 *                  another process since is never taken for the daemon
 */
public record ServerState(Path file, long pid, String host, int port, int grpcPort, Instant startedAt) {
    static final String FILE = "server.json";

    /**
     * @param tlsPin curl's {@code --pinnedpubkey} for the daemon's certificate when it serves HTTPS
     *               ({@code sha256//<base64>}), else null: how bin/tj-statusline reaches it over TLS
     */
    public static ServerState write(Path home, long pid, String host, int port, int grpcPort, String tlsPin)
            throws IOException {
        Files.createDirectories(home);
        Path f = home.resolve(FILE);
        Instant started =
                ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("host", host);
        m.put("port", port);
        m.put("grpc_port", grpcPort);
        m.put("started_at", started == null ? null : started.toString());
        if (tlsPin != null) m.put("tls_pin", tlsPin);
        Path tmp = home.resolve(FILE + ".tmp");
        Files.writeString(tmp, ApiJson.mapper().writeValueAsString(m) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ServerState(f, pid, host, port, grpcPort, started);
    }

    /** What the last daemon of this home wrote, if its file is there and readable. */
    public static Optional<ServerState> read(Path home) {
        Path f = home.resolve(FILE);
        try {
            if (!Files.isRegularFile(f)) return Optional.empty();
            JsonNode n = ApiJson.mapper().readTree(Files.readString(f, StandardCharsets.UTF_8));
            if (n == null
                    || !n.path("pid").canConvertToLong()
                    || !n.path("port").canConvertToInt()) return Optional.empty();
            String started = n.path("started_at").asText(null);
            return Optional.of(new ServerState(
                    f,
                    n.path("pid").asLong(),
                    n.path("host").asText("127.0.0.1"),
                    n.path("port").asInt(),
                    n.path("grpc_port").asInt(),
                    started == null ? null : Instant.parse(started)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // torn or foreign: as if no daemon had written one
        }
    }

    /** The daemon's process, if it still runs: the recorded pid, started when it was recorded. */
    public Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> startedAt == null
                        || p.info().startInstant().map(startedAt::equals).orElse(true));
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is harmless: readers probe the port before trusting it
        }
    }
}
