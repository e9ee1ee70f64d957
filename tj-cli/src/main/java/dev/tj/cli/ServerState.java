package dev.tj.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** TJ_HOME/server.json: which process serves which ports, for other tj commands on this machine. */
public record ServerState(Path file, long pid, String host, int port, int grpcPort) {
    public static ServerState write(Path home, long pid, String host, int port, int grpcPort) throws IOException {
        Files.createDirectories(home);
        Path f = home.resolve("server.json");
        String json = "{\"pid\":" + pid + ",\"host\":\"" + host + "\",\"port\":" + port + ",\"grpc_port\":" + grpcPort
                + "}\n";
        Path tmp = home.resolve("server.json.tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(
                tmp,
                f,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new ServerState(f, pid, host, port, grpcPort);
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is harmless: readers probe the port before trusting it
        }
    }
}
