package dev.tj.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.json.ApiJson;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tj's MCP server over stdio: JSON-RPC on the given output and nothing else (logs go to stderr). A
 * tool call that cannot be answered comes back as a tool error ({@code isError}) naming the argument
 * or the unknown id; nothing a caller sends takes the server down.
 */
public final class TjMcpServer {
    private static final Logger log = LoggerFactory.getLogger(TjMcpServer.class);

    private final TjTools tools;
    private final String version;

    public TjMcpServer(TjReads reads, Browser browser, Path workingDir, String version) {
        this.tools = new TjTools(reads, browser, workingDir);
        this.version = version;
    }

    /** Serves until the client closes {@code in} (the end of the stdio session). */
    public void serve(InputStream in, OutputStream out) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return seen(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return seen(super.read(b, off, len));
            }

            private int seen(int n) {
                if (n < 0) ended.countDown();
                return n;
            }
        };
        McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, watched, out))
                .serverInfo("tj", version)
                .instructions("tj observes the AI coding agents on this machine (Claude Code, Codex): live"
                        + " sessions, their cost, their step-by-step story, and runs of fan-out harnesses.")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(mapper)
                // arguments are checked by each tool, so a refusal names the argument
                .validateToolInputs(false)
                .tools(specifications(mapper))
                .build();
        ended.await();
        // a request read just before the end still gets its answer
        long deadline = System.nanoTime() + 30_000_000_000L;
        do Thread.sleep(200);
        while (inFlight.get() > 0 && System.nanoTime() < deadline);
        server.closeGracefully();
    }

    List<SyncToolSpecification> specifications(McpJsonMapper mapper) {
        return tools.all().stream()
                .map(t -> SyncToolSpecification.builder()
                        .tool(McpSchema.Tool.builder()
                                .name(t.name())
                                .description(t.description())
                                .inputSchema(t.schema())
                                .annotations(new McpSchema.ToolAnnotations(
                                        null, t.readOnly(), false, t.readOnly(), false, null))
                                .build())
                        .callHandler((exchange, request) -> call(t, request.arguments()))
                        .build())
                .toList();
    }

    private final AtomicInteger inFlight = new AtomicInteger();

    private CallToolResult call(TjTools.Tool tool, java.util.Map<String, Object> arguments) {
        inFlight.incrementAndGet();
        try {
            return answer(tool, arguments);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    static CallToolResult answer(TjTools.Tool tool, java.util.Map<String, Object> arguments) {
        try {
            Object answer = tool.answer().answer(Args.check(tool.name(), tool.params(), arguments));
            return CallToolResult.builder()
                    .addTextContent(ApiJson.mapper().writeValueAsString(answer))
                    .isError(false)
                    .build();
        } catch (ToolError | IllegalArgumentException e) {
            return error(e.getMessage());
        } catch (Exception e) {
            log.warn("{} failed", tool.name(), e);
            return error(tool.name() + " could not answer: " + e);
        }
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
