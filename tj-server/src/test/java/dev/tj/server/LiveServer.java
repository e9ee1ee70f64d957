package dev.tj.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose every test gets a real tj server on random ports over a fresh data folder. */
abstract class LiveServer {
    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
