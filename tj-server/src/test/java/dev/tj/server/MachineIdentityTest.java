package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.span.Machine;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every span and session carries its machine and user: {@code host.name} and {@code user.email} when
 * the record says them, else the ingest token's machine (what another machine sends a team server),
 * else this tj's {@code [machine]}. Status, sessions and cost filter and group by them.
 */
class MachineIdentityTest {
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static String logs(String session, long input, Map<String, String> resourceExtra, String email) {
        Map<String, String> resource = new java.util.LinkedHashMap<>(OtlpJson.resource("claude-code", "proj", null));
        resource.putAll(resourceExtra);
        Map<String, Object> call = OtlpJson.apiRequest(session, 1, T, "p-" + session, input, 1, 0, 0, 0.01, 500);
        if (email != null) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> attrs = new ArrayList<>((List<Map<String, Object>>) call.get("attributes"));
            attrs.addAll(OtlpJson.attrs(Map.of("user.email", email)));
            call.put("attributes", attrs);
        }
        return OtlpJson.logs(resource, List.of(call));
    }

    private static HttpResponse<String> post(String url, String body, String bearer) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + bearer)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode session(String id) {
        return server.session(id).get("session");
    }

    private List<String> sessionIds(String query) {
        List<String> ids = new ArrayList<>();
        for (JsonNode s :
                TestServer.json(server.get("/api/v1/sessions?" + query)).get("sessions"))
            ids.add(s.get("session_id").asText());
        return ids;
    }

    private Map<String, Long> inputBy(String groupBy, String filter) {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode r : TestServer.json(server.get("/api/v1/cost?since=all&group_by=" + groupBy + filter))
                .get("rows"))
            out.put(r.get("group").asText(), r.get("input_tokens").asLong());
        return out;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void recordsSayTheirMachineOrGetTheTokensOrThisTjsAndEveryViewFiltersAndGroupsByThem() throws Exception {
        server = TestServer.start(dir, c -> c.withMachine(new Machine("box-1", "me@example.com")), Clock.systemUTC());
        String hostile = "ws'; DROP TABLE spans;--";
        // 1. says both: host.name on the resource, user.email on the event (as Claude Code sends it)
        assertThat(post(
                                server.base() + "/v1/logs",
                                logs("s-said", 100, Map.of("host.name", "laptop-a"), "ana@example.com"),
                                TestServer.SECRET)
                        .statusCode())
                .isEqualTo(200);
        // 2. says neither, sent locally with the secret: this tj's [machine]
        assertThat(post(server.base() + "/v1/logs", logs("s-local", 20, Map.of(), null), TestServer.SECRET)
                        .statusCode())
                .isEqualTo(200);
        // 3. a hostile host name is a value like any other
        assertThat(post(
                                server.base() + "/v1/logs",
                                logs("s-hostile", 3, Map.of("host.name", hostile), "eve@example.com"),
                                TestServer.SECRET)
                        .statusCode())
                .isEqualTo(200);
        // 4. says neither, sent by another machine with its token: the token's machine, no user
        JsonNode token = TestServer.json(server.postJson("/api/v1/admin/tokens", "{\"machine\":\"laptop-9\"}"));
        assertThat(post(
                                server.base() + "/v1/logs",
                                logs("s-token", 4000, Map.of(), null),
                                token.get("token").asText())
                        .statusCode())
                .isEqualTo(200);
        // 5. the same over gRPC
        assertThat(SdkExportersTest.export(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                                .addHeader(
                                        "Authorization",
                                        "Bearer " + token.get("token").asText())
                                .build(),
                        SdkExportersTest.claudeCodeSession("s-grpc")))
                .isTrue();

        assertThat(session("s-said").get("machine").asText()).isEqualTo("laptop-a");
        assertThat(session("s-said").get("user").asText()).isEqualTo("ana@example.com");
        assertThat(session("s-local").get("machine").asText()).isEqualTo("box-1");
        assertThat(session("s-local").get("user").asText()).isEqualTo("me@example.com");
        assertThat(session("s-hostile").get("machine").asText()).isEqualTo(hostile);
        assertThat(session("s-token").get("machine").asText()).isEqualTo("laptop-9");
        assertThat(session("s-token").get("user").isNull()).isTrue();
        assertThat(session("s-grpc").get("machine").asText()).isEqualTo("laptop-9");
        // the spans carry it too (a session's spans, as the drill-in reads them)
        for (JsonNode span : server.session("s-said").get("spans"))
            assertThat(span.toString()).contains("laptop-a");

        assertThat(sessionIds("machine=laptop-9")).containsExactlyInAnyOrder("s-token", "s-grpc");
        assertThat(sessionIds("user=" + q("me@example.com"))).containsExactly("s-local");
        assertThat(sessionIds("machine=" + q(hostile))).containsExactly("s-hostile");
        assertThat(sessionIds("machine=nowhere")).isEmpty();

        Map<String, Long> byMachine = inputBy("machine", "");
        assertThat(byMachine)
                .containsEntry("laptop-a", 100L)
                .containsEntry("box-1", 20L)
                .containsEntry(hostile, 3L);
        assertThat(byMachine.get("laptop-9")).isGreaterThanOrEqualTo(4000L);
        assertThat(inputBy("user", "")).containsEntry("ana@example.com", 100L).containsEntry("me@example.com", 20L);
        assertThat(inputBy("model", "&machine=box-1")).containsOnlyKeys("claude-sonnet-4-5-20250929");
        assertThat(inputBy("model", "&machine=box-1").values()).containsExactly(20L);
        assertThat(server.get("/api/v1/cost?group_by=planet").statusCode()).isEqualTo(400);

        JsonNode status = TestServer.json(server.get("/api/v1/status?machine=laptop-a"));
        List<String> live = new ArrayList<>();
        for (JsonNode t : status.get("agents")) live.add(t.get("session_id").asText());
        assertThat(live).containsExactly("s-said");
        assertThat(status.get("agents").get(0).get("machine").asText()).isEqualTo("laptop-a");
        assertThat(status.get("agents").get(0).get("user").asText()).isEqualTo("ana@example.com");
        JsonNode mine = TestServer.json(server.get("/api/v1/status?user=" + q("me@example.com")));
        assertThat(mine.get("agents")).hasSize(1);
        assertThat(mine.get("agents").get(0).get("session_id").asText()).isEqualTo("s-local");
    }
}
