package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The real jar as a process: tj stop, tj serve's refusals, tj service's unit and plist. */
class DaemonLifecycleIT {
    @TempDir
    Path home;

    @TempDir
    Path other;

    /** server.json is written just after the port opens: wait for it rather than race it. */
    static void awaitState(Path home) throws InterruptedException {
        for (int i = 0; i < 600 && !Files.exists(home.resolve("server.json")); i++) Thread.sleep(50);
        assertThat(home.resolve("server.json")).exists();
    }

    @Test
    void stopStopsExactlyTheRecordedDaemon() throws Exception {
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            awaitState(home);
            var stop = TjProcess.run(home, Map.of(), "stop");
            assertThat(stop.exit()).as(stop.err()).isZero();
            assertThat(stop.out()).contains("Stopped the tj daemon (pid " + d.process.pid() + ")");
            assertThat(d.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // 143: ended by the SIGTERM, after its shutdown hook drained and removed server.json
            assertThat(d.process.exitValue()).isEqualTo(143);
            assertThat(home.resolve("server.json")).doesNotExist();
            assertThat(Files.readString(home.resolve("serve.err"))).contains("shutting down");
        }
        var again = TjProcess.run(home, Map.of(), "stop");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("No tj daemon is running");

        // a recorded pid that now belongs to another process (or none) is never stopped
        Files.writeString(
                home.resolve("server.json"),
                "{\"pid\":" + ProcessHandle.current().pid()
                        + ",\"host\":\"127.0.0.1\",\"port\":1,\"grpc_port\":2,\"started_at\":\"2001-01-01T00:00:00Z\"}\n");
        var foreign = TjProcess.run(home, Map.of(), "stop");
        assertThat(foreign.exit()).isEqualTo(1);
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void serveRefusesWhenThisHomesDaemonRunsOrAPortIsTaken() throws Exception {
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            awaitState(home);
            String port = Integer.toString(d.port), grpc = Integer.toString(d.grpcPort);
            var same = TjProcess.run(home, Map.of(), "serve", "--port", port, "--grpc-port", grpc);
            assertThat(same.exit()).isEqualTo(1);
            assertThat(same.err()).contains("tj is already running from", "pid " + d.process.pid(), "tj stop");

            var elsewhere = TjProcess.run(other, Map.of(), "serve", "--port", port, "--grpc-port", "0");
            assertThat(elsewhere.exit()).isEqualTo(1);
            assertThat(elsewhere.err()).contains("port " + port, "taken by a tj daemon (pid " + d.process.pid() + ")");
            assertThat(d.get("/health").statusCode()).isEqualTo(200); // untouched
        }
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(held.getLocalPort());
            var taken = TjProcess.run(other, Map.of(), "serve", "--port", port, "--grpc-port", "0");
            assertThat(taken.exit()).isEqualTo(1);
            assertThat(taken.err())
                    .contains(
                            "port " + port,
                            "another program (pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void serviceWritesItsUnitOnceAndRemovesOnlyItsOwn() throws Exception {
        Path xdg = home.resolve("xdg");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", xdg.toString(), "TJ_SERVICE_MANAGER", "none");
        Path unit = xdg.resolve("systemd/user/tj.service");

        var install = TjProcess.run(home, env, "service", "install", "--platform", "linux");
        assertThat(install.exit()).as(install.err()).isZero();
        String text = Files.readString(unit);
        assertThat(text)
                .contains("# written by tj service install", "Restart=on-failure", "WantedBy=default.target")
                .contains("-XX:+UseParallelGC -Xms32m -Xmx256m -Xss2m ")
                .contains("-jar " + TjProcess.JAR + " serve")
                .contains("Environment=TJ_HOME=" + home)
                .contains("StandardOutput=append:" + home.resolve("logs/tj.log"));
        assertThat(TjProcess.run(home, env, "service", "install", "--platform", "linux")
                        .exit())
                .isZero();
        assertThat(Files.readString(unit)).isEqualTo(text);
        // a team server's unit: the config it will read chooses PostgreSQL, so the larger heap
        Path shared = Files.writeString(
                home.resolve("shared.toml"), "[storage]\nurl = \"postgresql://tj:pw@db.example:5432/tj\"\n");
        var team = TjProcess.run(
                home, env, "service", "install", "--platform", "linux", "--print", "--config", shared.toString());
        assertThat(team.exit()).as(team.err()).isZero();
        assertThat(team.out())
                .contains(" -Xmx512m ", " serve --config " + shared)
                .doesNotContain("-Xmx256m");
        var status = TjProcess.run(home, env, "service", "status", "--platform", "linux");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains(unit.toString(), "not running from " + home);

        assertThat(TjProcess.run(home, env, "service", "uninstall", "--platform", "linux")
                        .exit())
                .isZero();
        assertThat(unit).doesNotExist();
        assertThat(TjProcess.run(home, env, "service", "status", "--platform", "linux")
                        .exit())
                .isEqualTo(1);

        Files.writeString(unit, "[Unit]\nDescription=someone else's\n");
        assertThat(TjProcess.run(home, env, "service", "install", "--platform", "linux")
                        .exit())
                .isEqualTo(1);
        assertThat(TjProcess.run(home, env, "service", "uninstall", "--platform", "linux")
                        .exit())
                .isEqualTo(1);
        assertThat(Files.readString(unit)).isEqualTo("[Unit]\nDescription=someone else's\n");

        var plist = TjProcess.run(home, env, "service", "install", "--platform", "macos", "--print");
        assertThat(plist.exit()).isZero();
        String xml = plist.out().substring(plist.out().indexOf("<?xml"));
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("string").item(0).getTextContent()).isEqualTo("dev.tj.serve");
        assertThat(xml).contains("<string>" + TjProcess.JAR + "</string>", "<key>KeepAlive</key>");
        assertThat(plist.out()).startsWith("# ");
        assertThat(xdg.resolve("../Library")).doesNotExist(); // --print writes nothing
    }
}
