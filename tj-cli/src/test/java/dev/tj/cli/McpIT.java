package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code tj mcp} (the shaded jar as a process) driven over stdio by the MCP Java SDK's
 * client: every tool against a seeded daemon, then the same tools from the database alone.
 */
class McpIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SID = SessionCliIT.SID;
    static final Set<String> TOOLS = Set.of(
            "get_status",
            "list_active_sessions",
            "get_session",
            "get_session_timeline",
            "get_cost_summary",
            "list_runs",
            "get_run",
            "get_subagent_costs",
            "open_dashboard",
            "setup_harness");

    @TempDir
    Path home;

    @TempDir
    Path project;

    private Map<String, String> env(Path projects) {
        Map<String, String> env = new HashMap<>();
        env.put("TJ_HOME", home.toString());
        env.put("HOME", home.resolve("user-home").toString());
        env.put("TJ_CONFIG", home.resolve("isolated.toml").toString());
        env.put("TJ_CLAUDE_PROJECTS_ROOT", projects.toString());
        env.put(McpCommand.NO_BROWSER, "1");
        return env;
    }

    private McpSyncClient client(Map<String, String> env) {
        ServerParameters params = ServerParameters.builder(TjProcess.javaBin())
                .args("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", TjProcess.JAR.toString(), "mcp")
                .env(env)
                .build();
        McpSyncClient c = McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        McpSchema.InitializeResult init = c.initialize();
        assertThat(init.serverInfo().name()).isEqualTo("tj");
        assertThat(init.capabilities().tools()).isNotNull();
        return c;
    }

    static CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new CallToolRequest(tool, args));
    }

    static JsonNode ok(McpSyncClient c, String tool, Map<String, Object> args) throws Exception {
        CallToolResult r = call(c, tool, args);
        assertThat(r.isError()).as(tool + ": " + text(r)).isFalse();
        return JSON.readTree(text(r));
    }

    static String error(McpSyncClient c, String tool, Map<String, Object> args) {
        CallToolResult r = call(c, tool, args);
        assertThat(r.isError()).as(tool + " " + args + ": " + text(r)).isTrue();
        return text(r);
    }

    static String text(CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void everyToolAgainstARealDaemonThenFromTheDatabase() throws Exception {
        Path projects = home.resolve("projects");
        SessionCliIT.transcript(projects);
        Files.writeString(home.resolve("isolated.toml"), "[api]\nport = " + TjProcess.freePort() + "\n");
        Map<String, String> env = env(projects);
        Files.createDirectories(project.resolve("scripts"));
        Files.writeString(
                project.resolve("scripts/spawn-workers.sh"),
                "#!/bin/bash\nfor t in a b; do\n  claude -p \"do $t\" &\ndone\nwait\n");
        Files.writeString(
                project.resolve("launcher.py"),
                "import subprocess\n# claude is started below\nsubprocess.run([\"claude\", \"-p\", task])\n");
        Files.writeString(project.resolve("notes.py"), "print('claude is nice')\n");

        JsonNode session, runs, run, timeline;
        try (TjProcess.Daemon d =
                TjProcess.Daemon.start(home, Map.of("TJ_CLAUDE_PROJECTS_ROOT", projects.toString()))) {
            Instant t = Instant.now().minusSeconds(60);
            assertThat(d.post("/v1/logs", d.secret(), CcLogs.apiRequests(SID, "ttys011", 3, t, "run-mcp", null))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(d.post("/v1/logs", d.secret(), CcLogs.apiRequests("s-child", "ttys012", 2, t, "run-mcp", SID))
                            .statusCode())
                    .isEqualTo(200);

            McpSyncClient c = client(env);
            try {
                List<McpSchema.Tool> tools = c.listTools().tools();
                assertThat(tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet()))
                        .isEqualTo(TOOLS);
                for (McpSchema.Tool tool : tools) {
                    assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(60);
                    assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
                    assertThat(tool.inputSchema()).as(tool.name()).containsKey("properties");
                }

                JsonNode status = ok(c, "get_status", Map.of());
                assertThat(status.path("agents").toString()).contains(SID);

                JsonNode active = ok(c, "list_active_sessions", Map.of());
                JsonNode row = find(active.path("sessions"), "session_id", SID);
                assertThat(row.path("tier").asText()).isIn("active", "idle", "stale");
                assertThat(row.has("attention")).isTrue();
                assertThat(row.path("attention").isNull()).isTrue();
                // a Stop hook: the session now waits for its user, and the tool says so
                assertThat(d.hook("Stop", SID)).isEqualTo(202);
                JsonNode waits = find(ok(c, "list_active_sessions", Map.of()).path("sessions"), "session_id", SID);
                assertThat(waits.path("attention").path("state").asText()).isEqualTo("needs_input");
                assertThat(d.hook("UserPromptSubmit", SID)).isEqualTo(202);

                session = ok(c, "get_session", Map.of("session_id", SID));
                assertThat(session)
                        .isEqualTo(
                                JSON.readTree(d.get("/api/v1/sessions/" + SID).body()));
                assertThat(session.path("session").path("input_tokens").asLong())
                        .isEqualTo(6);

                timeline = ok(c, "get_session_timeline", Map.of("session_id", SID, "last_steps", 1));
                assertThat(timeline.path("available").asBoolean()).isTrue();
                assertThat(timeline.path("step_count").asInt()).isEqualTo(2);
                assertThat(timeline.path("steps")).hasSize(1);
                assertThat(timeline.path("steps_omitted").asInt()).isEqualTo(1);
                assertThat(timeline.path("steps").get(0).path("text").asText()).contains("The build is green now.");
                JsonNode full = ok(c, "get_session_timeline", Map.of("session_id", SID, "subagents", true));
                assertThat(full.path("steps")).hasSize(2);
                assertThat(full.has("steps_omitted")).isFalse();

                JsonNode cost = ok(c, "get_cost_summary", Map.of("since", "all", "group_by", "model"));
                assertThat(cost.path("rows")).hasSize(1);
                assertThat(cost.path("rows").get(0).path("cache_read_tokens").asLong())
                        .isEqualTo(500);
                assertThat(cost.path("totals").path("cache_write_tokens").asLong())
                        .isEqualTo(25);
                assertThat(cost)
                        .isEqualTo(JSON.readTree(
                                d.get("/api/v1/cost?since=all&group_by=model").body()));

                runs = ok(c, "list_runs", Map.of());
                assertThat(runs.path("runs").get(0).path("run_id").asText()).isEqualTo("run-mcp");
                assertThat(runs.path("runs").get(0).path("session_count").asInt())
                        .isEqualTo(2);
                run = ok(c, "get_run", Map.of("run_id", "run-mcp"));
                assertThat(run)
                        .isEqualTo(JSON.readTree(d.get("/api/v1/runs/run-mcp").body()));
                assertThat(run.path("tree")
                                .get(0)
                                .path("children")
                                .get(0)
                                .path("session_id")
                                .asText())
                        .isEqualTo("s-child");

                JsonNode subs = ok(c, "get_subagent_costs", Map.of("session_id", SID));
                assertThat(subs.path("session_id").asText()).isEqualTo(SID);
                assertThat(subs.path("subagents")).isEqualTo(session.path("subagents"));

                JsonNode dash = ok(c, "open_dashboard", Map.of());
                assertThat(dash.path("url").asText()).isEqualTo(d.base() + "/ui");
                assertThat(dash.path("daemon_running").asBoolean()).isTrue();
                assertThat(dash.path("opened").asBoolean()).isFalse(); // TJ_NO_BROWSER

                JsonNode map = ok(c, "setup_harness", Map.of("mode", "map", "project_path", project.toString()));
                assertThat(map.path("spawn_points").findValuesAsText("file"))
                        .containsExactly("launcher.py", "scripts/spawn-workers.sh"); // both harness-like, by path
                assertThat(map.path("spawn_points").get(0).path("line").asInt()).isEqualTo(3);
                assertThat(map.path("spawn_points").get(1).path("line").asInt()).isEqualTo(3);
                assertThat(map.path("runs_visible").get(0).path("run_id").asText())
                        .isEqualTo("run-mcp");
                assertThat(project.resolve(".tj")).doesNotExist();

                JsonNode instrument =
                        ok(c, "setup_harness", Map.of("mode", "instrument", "project_path", project.toString()));
                assertThat(instrument.path("attribute").asText()).isEqualTo("tokenjam.run_id");
                assertThat(Path.of(instrument.path("helper_path").asText()))
                        .isEqualTo(project.toRealPath().resolve(".tj/run-env.sh"))
                        .isRegularFile();
                assertThat(instrument.path("next_steps")).hasSize(4);

                // wrong or missing arguments: a tool error naming the argument, and the server goes on
                assertThat(error(c, "get_session", Map.of())).contains("'session_id'");
                assertThat(error(c, "get_session", Map.of("session_id", 42))).contains("'session_id'");
                assertThat(error(c, "get_session", Map.of("session_id", "no-such-session")))
                        .contains("no-such-session", "not found");
                assertThat(error(c, "get_session_timeline", Map.of("session_id", "nope")))
                        .contains("not found");
                assertThat(error(c, "get_subagent_costs", Map.of("session_id", "nope")))
                        .contains("not found");
                assertThat(error(c, "get_session_timeline", Map.of("session_id", SID, "last_steps", "x")))
                        .contains("'last_steps'");
                assertThat(error(c, "get_session_timeline", Map.of("session_id", SID, "last_steps", 0)))
                        .contains("'last_steps'");
                assertThat(error(c, "get_session_timeline", Map.of("session_id", SID, "subagents", "yes")))
                        .contains("'subagents'");
                assertThat(error(c, "get_cost_summary", Map.of("since", "the other day")))
                        .contains("'since'");
                assertThat(error(c, "get_cost_summary", Map.of("group_by", "fortnight")))
                        .contains("'group_by'");
                assertThat(error(c, "get_cost_summary", Map.of("tz", "Mars/Olympus")))
                        .contains("'tz'");
                assertThat(error(c, "get_status", Map.of("agent", "x"))).contains("'agent'", "agent_id");
                assertThat(error(c, "get_run", Map.of("run_id", "run-nope"))).contains("run-nope", "not found");
                assertThat(error(c, "setup_harness", Map.of())).contains("'mode'");
                assertThat(error(c, "setup_harness", Map.of("mode", "paint"))).contains("'mode'", "instrument");
                assertThat(error(c, "setup_harness", Map.of("mode", "map", "project_path", "/no/such/dir")))
                        .contains("'project_path'");
                assertThat(ok(c, "get_status", Map.of()).has("agents")).isTrue(); // still serving
            } finally {
                c.closeGracefully();
            }
        }

        // the daemon is gone: the same tools answer from the database and the transcript
        McpSyncClient c = client(env);
        try {
            assertThat(ok(c, "get_session", Map.of("session_id", SID))).isEqualTo(session);
            assertThat(ok(c, "list_runs", Map.of())).isEqualTo(runs);
            assertThat(ok(c, "get_run", Map.of("run_id", "run-mcp"))).isEqualTo(run);
            assertThat(ok(c, "get_session_timeline", Map.of("session_id", SID, "last_steps", 1)))
                    .isEqualTo(timeline);
            assertThat(ok(c, "get_status", Map.of()).path("agents").toString()).contains(SID);
            assertThat(find(ok(c, "list_active_sessions", Map.of()).path("sessions"), "session_id", SID)
                            .path("attention")
                            .isNull())
                    .isTrue();
            assertThat(ok(c, "get_cost_summary", Map.of("since", "all"))
                            .path("totals")
                            .path("cache_read_tokens")
                            .asLong())
                    .isEqualTo(500);
            assertThat(ok(c, "get_subagent_costs", Map.of("session_id", SID)).path("subagents"))
                    .isEqualTo(session.path("subagents"));
            JsonNode dash = ok(c, "open_dashboard", Map.of());
            assertThat(dash.path("daemon_running").asBoolean()).isFalse();
            assertThat(dash.path("message").asText()).contains("tj serve");
            assertThat(error(c, "get_session", Map.of("session_id", "no-such-session")))
                    .contains("not found");
            assertThat(error(c, "get_run", Map.of("run_id", "run-nope"))).contains("not found");
        } finally {
            c.closeGracefully();
        }
    }

    private static JsonNode find(JsonNode rows, String field, String value) {
        for (JsonNode r : rows) if (value.equals(r.path(field).asText())) return r;
        throw new AssertionError("no row with " + field + "=" + value + " in " + rows);
    }

    /** Raw stdio, no SDK in between: every line the server writes on stdout is a JSON-RPC message. */
    @Test
    void stdoutCarriesNothingButJsonRpc() throws Exception {
        Files.writeString(home.resolve("isolated.toml"), "[api]\nport = " + TjProcess.freePort() + "\n");
        ProcessBuilder pb = TjProcess.builder(home, Map.of(McpCommand.NO_BROWSER, "1"), "mcp");
        pb.redirectError(home.resolve("mcp.err").toFile());
        Process p = pb.start();
        String[] requests = {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_status\",\"arguments\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"get_session\",\"arguments\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"list_runs\"}}"
        };
        // stdout is read beside, line by line, as a client reads it
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.start();
        Map<Integer, JsonNode> byId = new HashMap<>();
        try (OutputStream in = p.getOutputStream()) {
            for (String r : requests) in.write((r + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            while (byId.size() < 5) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("replies so far: " + byId.keySet()).isNotNull();
                JsonNode m = JSON.readTree(line); // a non-JSON line fails here
                assertThat(m.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
                byId.put(m.path("id").asInt(), m);
            }
        } // stdin closed: the session ends
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("tj mcp ends when stdin closes")
                .isTrue();
        assertThat(p.exitValue()).isZero();
        reader.join(10_000);
        for (String rest : lines) {
            if (!rest.isBlank())
                assertThat(JSON.readTree(rest).path("jsonrpc").asText())
                        .as(rest)
                        .isEqualTo("2.0");
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(byId.get(2).path("result").path("tools")).hasSize(TOOLS.size());
        assertThat(byId.get(3).path("result").path("isError").asBoolean()).isFalse();
        assertThat(byId.get(4).path("result").path("isError").asBoolean()).isTrue();
        assertThat(byId.get(4)
                        .path("result")
                        .path("content")
                        .get(0)
                        .path("text")
                        .asText())
                .contains("'session_id'");
        assertThat(byId.get(5)
                        .path("result")
                        .path("content")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("{\"runs\":[]}");
    }
}
