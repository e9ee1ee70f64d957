package dev.tj.cli;

import dev.tj.mcp.TjMcpServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tj mcp}: tj's MCP server over stdio, for Claude Code, Codex and other MCP clients. stdout
 * carries the JSON-RPC stream and nothing else: everything that would print there (a stray
 * println, a library's notice) is sent to stderr from the moment the command starts.
 */
@Command(name = "mcp", description = "Run tj's MCP server over stdio (register it with: claude mcp add tj -- tj mcp).")
public final class McpCommand implements Callable<Integer> {
    /** Set TJ_NO_BROWSER to any value to keep open_dashboard from launching a browser (tests, headless). */
    static final String NO_BROWSER = "TJ_NO_BROWSER";

    private static OutputStream protocol;

    @Mixin
    ConfigOption configOption;

    /** Keeps the real stdout for the protocol and points System.out at stderr. Idempotent. */
    static synchronized OutputStream claimStdout() {
        if (protocol == null) {
            protocol = new FileOutputStream(FileDescriptor.out);
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        }
        return protocol;
    }

    @Override
    public Integer call() throws Exception {
        OutputStream out = claimStdout();
        var reads = new CliReads(configOption.load());
        boolean browserOff = System.getenv(NO_BROWSER) != null;
        new TjMcpServer(reads, url -> !browserOff && launch(url), Path.of("").toAbsolutePath(), Version.current())
                .serve(System.in, out);
        return 0;
    }

    /** The platform's URL opener, detached from our stdio (stdout is the protocol). */
    private static boolean launch(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> cmd = os.contains("mac")
                ? List.of("open", url)
                : os.contains("win")
                        ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                        : List.of("xdg-open", url);
        try {
            new ProcessBuilder(cmd)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(new java.io.File(os.contains("win") ? "NUL" : "/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return true;
        } catch (IOException e) {
            return false; // no opener on this machine: the URL is in the answer
        }
    }
}
