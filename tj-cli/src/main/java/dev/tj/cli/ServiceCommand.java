package dev.tj.cli;

import dev.tj.core.config.ConfigLoader;
import dev.tj.core.config.TjConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tj service install|uninstall|status}: {@code tj serve} as a systemd user unit (Linux) or a
 * launchd agent (macOS), restarted on failure, logging to TJ_HOME/logs/tj.log. Only a file this
 * command wrote (it carries {@link #MARK}) is ever replaced or removed.
 */
@Command(
        name = "service",
        description = "Run tj serve as a user service: install, uninstall or status"
                + " (systemd user unit on Linux, launchd agent on macOS).")
public final class ServiceCommand implements Callable<Integer> {
    static final String MARK = "written by tj service install";
    static final String UNIT = "tj.service", LABEL = "dev.tj.serve";
    /** The daemon's class-data archive bin/tj makes next to the jar. */
    static final String SERVE_ARCHIVE = "tj-serve.jsa";

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "ACTION", description = "install, uninstall or status")
    String action;

    @Option(names = "--print", description = "install: print the unit (or plist) and where it goes; write nothing")
    boolean print;

    @Option(names = "--no-start", description = "install: write the file but do not enable or start it")
    boolean noStart;

    @Option(names = "--platform", hidden = true, description = "linux or macos (default: this machine)")
    String platform;

    @Override
    public Integer call() throws Exception {
        boolean mac = platform != null
                ? platform.equals("macos")
                : System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        Path file = mac
                ? ConfigOption.home().resolve("Library/LaunchAgents/" + LABEL + ".plist")
                : configHome().resolve("systemd/user/" + UNIT);
        return switch (action) {
            case "install" -> install(mac, file);
            case "uninstall" -> uninstall(mac, file);
            case "status" -> status(mac, file);
            default -> {
                System.err.println("tj service: unknown action '" + action + "' (install, uninstall or status)");
                yield 2;
            }
        };
    }

    /**
     * The daemon's command line: its JVM flags ({@link ServeJvm}) and, when bin/tj made one next to
     * the jar, its class-data archive (a faster start; a rebuilt jar no longer matches it and the JVM
     * then starts without it, silently).
     */
    static List<String> serveCommand(String java, Path jar, TjConfig config) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ServeJvm.flags(config));
        Path archive = jar.resolveSibling(SERVE_ARCHIVE);
        if (Files.isRegularFile(archive))
            command.addAll(List.of(
                    "-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        command.addAll(List.of("-jar", jar.toString(), "serve"));
        return command;
    }

    private int install(boolean mac, Path file) throws Exception {
        Optional<Path> jar = ownJar();
        if (jar.isEmpty()) {
            System.err.println("tj service install needs tj run from its jar (bin/tj or java -jar tj.jar).");
            return 2;
        }
        // the unit carries TJ_HOME and TJ_CONFIG, not TJ_STORAGE_URL (a password in a file): size the
        // heap for the storage the service will find
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("TJ_STORAGE_URL");
        TjConfig config =
                ConfigLoader.load(configOption.file(), env, Path.of("").toAbsolutePath(), ConfigOption.home());
        List<String> command = new ArrayList<>(
                serveCommand(ProcessHandle.current().info().command().orElse("java"), jar.get(), config));
        if (configOption.file() != null)
            command.addAll(
                    List.of("--config", configOption.file().toAbsolutePath().toString()));
        Path log = ConfigOption.tjHome().resolve("logs/tj.log");
        String text = mac ? plist(command, log) : unit(command, log);
        if (print) {
            System.out.println("# " + file);
            System.out.print(text);
            return 0;
        }
        if (Files.exists(file) && !ours(file)) {
            System.err.println(file + " exists and was not written by tj; move it away first.");
            return 1;
        }
        Files.createDirectories(file.getParent());
        Files.createDirectories(log.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("Wrote " + file + " (logs: " + log + ").");
        if (noStart || !managed()) {
            System.out.println(
                    "Start it with: " + (mac ? launchctl("bootstrap", file) : "systemctl --user enable --now " + UNIT));
            return 0;
        }
        if (ServerState.read(ConfigOption.tjHome())
                .flatMap(ServerState::process)
                .isPresent()) {
            System.out.println("A tj daemon already runs from " + ConfigOption.tjHome()
                    + ": run `tj stop`, then start the service: "
                    + (mac ? launchctl("bootstrap", file) : "systemctl --user enable --now " + UNIT));
            return 0;
        }
        boolean ok = mac
                ? run("launchctl", "bootstrap", "gui/" + uid(), file.toString())
                : run("systemctl", "--user", "daemon-reload") && run("systemctl", "--user", "enable", "--now", UNIT);
        if (!ok)
            System.out.println("The service manager did not take it (see above); the file is in place: start it with "
                    + (mac ? launchctl("bootstrap", file) : "systemctl --user enable --now " + UNIT) + ".");
        else System.out.println("tj serve now runs as a user service and restarts if it fails.");
        return 0;
    }

    private int uninstall(boolean mac, Path file) throws Exception {
        if (!Files.exists(file)) {
            System.out.println("No tj service is installed (" + file + " does not exist).");
            return 0;
        }
        if (!ours(file)) {
            System.err.println(file + " was not written by tj; it is left as it is.");
            return 1;
        }
        if (managed()) {
            if (mac) run("launchctl", "bootout", "gui/" + uid() + "/" + LABEL);
            else run("systemctl", "--user", "disable", "--now", UNIT);
        }
        Files.delete(file);
        if (!mac && managed()) run("systemctl", "--user", "daemon-reload");
        System.out.println("Removed " + file + ".");
        return 0;
    }

    private int status(boolean mac, Path file) throws Exception {
        boolean installed = Files.exists(file);
        System.out.println("service file  " + file
                + (installed ? (ours(file) ? "" : " (not written by tj)") : " (not installed)"));
        if (installed && managed()) {
            if (mac) run("launchctl", "print", "gui/" + uid() + "/" + LABEL);
            else run("systemctl", "--user", "is-active", UNIT);
        }
        Optional<ServerState> s = ServerState.read(ConfigOption.tjHome());
        Optional<ProcessHandle> p = s.flatMap(ServerState::process);
        System.out.println("daemon        "
                + (p.isPresent()
                        ? "running, pid " + p.get().pid() + ", http://"
                                + s.get().host() + ":" + s.get().port()
                        : "not running from " + ConfigOption.tjHome()));
        return installed ? 0 : 1;
    }

    static String unit(List<String> command, Path log) {
        StringBuilder env = new StringBuilder();
        for (String k : List.of("TJ_HOME", "TJ_CONFIG")) {
            String v = System.getenv(k);
            if (v != null && !v.isBlank())
                env.append("Environment=").append(quote(k + "=" + v)).append('\n');
        }
        return "# " + MARK + "\n"
                + "[Unit]\n"
                + "Description=tj: telemetry daemon for AI coding agents\n"
                + "After=network.target\n\n"
                + "[Service]\n"
                + "Type=simple\n"
                + "ExecStart="
                + String.join(" ", command.stream().map(ServiceCommand::quote).toList()) + "\n"
                + env
                + "Restart=on-failure\n"
                + "RestartSec=5\n"
                + "StandardOutput=append:" + log + "\n"
                + "StandardError=append:" + log + "\n\n"
                + "[Install]\n"
                + "WantedBy=default.target\n";
    }

    static String plist(List<String> command, Path log) {
        StringBuilder args = new StringBuilder();
        for (String c : command) args.append("    <string>").append(xml(c)).append("</string>\n");
        StringBuilder env = new StringBuilder();
        for (String k : List.of("TJ_HOME", "TJ_CONFIG")) {
            String v = System.getenv(k);
            if (v != null && !v.isBlank())
                env.append("    <key>")
                        .append(k)
                        .append("</key><string>")
                        .append(xml(v))
                        .append("</string>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!-- " + MARK + " -->\n"
                + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                + "<plist version=\"1.0\">\n<dict>\n"
                + "  <key>Label</key><string>" + LABEL + "</string>\n"
                + "  <key>ProgramArguments</key>\n  <array>\n" + args + "  </array>\n"
                + (env.isEmpty() ? "" : "  <key>EnvironmentVariables</key>\n  <dict>\n" + env + "  </dict>\n")
                + "  <key>RunAtLoad</key><true/>\n"
                + "  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>\n"
                + "  <key>StandardOutPath</key><string>" + xml(log.toString()) + "</string>\n"
                + "  <key>StandardErrorPath</key><string>" + xml(log.toString()) + "</string>\n"
                + "</dict>\n</plist>\n";
    }

    private static boolean ours(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).contains(MARK);
    }

    /** systemd's quoting: a word with spaces, quotes or backslashes goes in double quotes, escaped. */
    static String quote(String s) {
        if (!s.isEmpty() && s.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\' || c == '\'' || c == '%'))
            return s;
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%") + '"';
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Path configHome() {
        String x = System.getenv("XDG_CONFIG_HOME");
        return x == null || x.isBlank() ? ConfigOption.home().resolve(".config") : Path.of(x);
    }

    /** The service manager to drive, unless TJ_SERVICE_MANAGER=none (scripts and tests that only want the file). */
    private static boolean managed() {
        return !"none".equals(System.getenv("TJ_SERVICE_MANAGER"));
    }

    private static String launchctl(String verb, Path file) {
        return "launchctl " + verb + " gui/$(id -u) " + file;
    }

    private static String uid() throws Exception {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return out;
    }

    /** Runs the service manager, its output shown as it is; false when it fails or is missing. */
    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            System.out.println(cmd[0] + " is not available: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The shaded jar this tj runs from, when it runs from one. */
    public static Optional<Path> ownJar() {
        try {
            Path p = Path.of(ServiceCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return p.toString().endsWith(".jar") && Files.isRegularFile(p)
                    ? Optional.of(p.toAbsolutePath())
                    : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
