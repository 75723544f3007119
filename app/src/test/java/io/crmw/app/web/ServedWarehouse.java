package io.crmw.app.web;

import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.Engine;
import io.crmw.app.schedule.Schedules;
import io.crmw.connectors.spi.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code crmw serve}'s web side over a given published copy, on a free port, and a client for it. */
final class ServedWarehouse implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Engine engine;
    final String base;
    final Path configFile;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    ServedWarehouse(Path dir, Path published, Optional<String> token, String bind) throws IOException {
        Files.createDirectories(dir);
        configFile = dir.resolve("crmw.yml");
        Files.writeString(configFile, """
                crmw:
                  warehouse: %s
                  published: %s
                  sources: []
                """.formatted(dir.resolve("w.duckdb"), published));
        CrmwConfig cfg = new CrmwConfig(configFile, dir.resolve("w.duckdb"), published, "USD", ZoneId.of("Europe/Berlin"),
                io.crmw.app.e2e.PipelineHarness.REFERENCE, Optional.empty(), List.of(), 30, false,
                token.map(t -> new Secret("${CRMW_SERVE_TOKEN}", t)));
        engine = Engine.forServe(cfg, List.of(Schedules.class, WebConfiguration.class),
                Map.of("server.port", 0, "server.address", bind));
        base = "http://127.0.0.1:" + engine.context().getEnvironment().getProperty("local.server.port");
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        engine.close();
    }
}
