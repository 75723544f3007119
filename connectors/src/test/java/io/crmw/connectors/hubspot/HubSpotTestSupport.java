package io.crmw.connectors.hubspot;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmw.connectors.http.FakeTime;
import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** WireMock serving HubSpot-format fixtures, a fake clock/sleeper, and a connector wired to both. */
abstract class HubSpotTestSupport {

    static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";
    static final Instant NOW = Instant.parse("2024-05-21T08:00:00Z");

    WireMockServer server;
    FakeTime time;
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    HubSpotConnector connector;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().dynamicPort().gzipDisabled(true));
        server.start();
        time = new FakeTime();
        connector = new HubSpotConnector(clock);
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    static String fixture(String name) {
        try (InputStream in = HubSpotTestSupport.class.getResourceAsStream("/hubspot/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SourceConfig config(Map<String, String> settings, Map<String, Secret> secrets) {
        return new SourceConfig("hubspot-main", "hubspot", URI.create(server.baseUrl()), settings, secrets, List.of(),
                Optional.empty());
    }

    SourceConfig tokenConfig() {
        return config(Map.of(), Map.of("token", new Secret("${HUBSPOT_TOKEN}", TOKEN)));
    }

    OkHttpSourceHttp http(SourceConfig config) {
        return HttpFactory.builder(config, connector)
                .sleeper(time).ticker(time).clock(clock)
                .retry(io.crmw.connectors.http.RetryPolicy.defaults().withDelays(Duration.ofMillis(1), Duration.ofMillis(8)))
                .build();
    }

    Stream stream(SourceConfig config, String name) {
        return connector.streams(config, http(config)).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** What the framework's paging loop does: read until last, feeding each page's cursor back. */
    static List<Page> readAll(Stream stream, String cursor) throws IOException {
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Page page = stream.read(cursor);
            pages.add(page);
            if (page.last()) {
                return pages;
            }
            cursor = page.cursorAfter();
        }
        throw new AssertionError("stream did not finish in 100 pages");
    }
}
