package io.crmw.connectors.pipedrive;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.crmw.connectors.http.FakeTime;
import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.http.RetryPolicy;
import io.crmw.connectors.spi.IdPage;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * One WireMock server in the shape of a Pipedrive company domain ({@code https://acme.pipedrive.com}), a fixed clock and
 * a fake sleeper. After every test: each request carried the token in {@code x-api-token} and no URL carried it.
 */
abstract class PipedriveTestSupport {

    static final Instant NOW = Instant.parse("2024-05-21T08:00:00Z");
    static final String TOKEN = "pd-FAKE-api-token-0123456789abcdef";
    static final String TOKEN_ENV = "${PIPEDRIVE_API_TOKEN}";

    WireMockServer pipedrive;
    FakeTime time;
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final PipedriveConnector connector = new PipedriveConnector(clock);

    @BeforeEach
    void startServer() {
        pipedrive = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true));
        pipedrive.start();
        time = new FakeTime();
    }

    @AfterEach
    void theTokenTravelledOnlyInItsHeader() {
        try {
            for (ServeEvent e : pipedrive.getAllServeEvents()) {
                assertThat(e.getRequest().getHeader("x-api-token")).as(e.getRequest().getUrl()).isEqualTo(TOKEN);
                assertThat(e.getRequest().getUrl()).doesNotContain(TOKEN).doesNotContain("api_token");
            }
        } finally {
            pipedrive.stop();
        }
    }

    static String fixture(String name) {
        try (InputStream in = PipedriveTestSupport.class.getResourceAsStream("/pipedrive/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SourceConfig config(Map<String, String> settings) {
        return new SourceConfig("pd-main", "pipedrive", URI.create(pipedrive.baseUrl()), settings,
                Map.of("api-token", new Secret(TOKEN_ENV, TOKEN)), List.of(), Optional.empty());
    }

    OkHttpSourceHttp http(SourceConfig config) {
        return HttpFactory.builder(config, connector)
                .sleeper(time).ticker(time).clock(clock)
                .retry(RetryPolicy.defaults().withMaxAttempts(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(4)))
                .build();
    }

    Stream stream(String name) {
        return stream(name, Map.of());
    }

    Stream stream(String name, Map<String, String> settings) {
        SourceConfig config = config(settings);
        return connector.streams(config, http(config)).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** Every request's path and decoded query, oldest first. */
    List<String> requests() {
        List<ServeEvent> events = new ArrayList<>(pipedrive.getAllServeEvents());
        Collections.reverse(events); // WireMock lists the newest first
        return events.stream().map(e -> URLDecoder.decode(e.getRequest().getUrl(), StandardCharsets.UTF_8)).toList();
    }

    List<String> requestsTo(String path) {
        return requests().stream().filter(u -> u.equals(path) || u.startsWith(path + "?")).toList();
    }

    /** What the framework's paging loop does: read until last, feeding each page's cursor back. */
    static List<Page> readAll(Stream stream, String cursor) throws IOException {
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Page page = stream.read(cursor);
            pages.add(page);
            if (page.last()) {
                return pages;
            }
            cursor = page.cursorAfter();
        }
        throw new AssertionError("stream did not finish in 50 pages");
    }

    /** What the framework's ids-only pass does: list until the token runs out. */
    static List<String> readAllIds(Stream stream) throws IOException {
        List<String> ids = new ArrayList<>();
        String token = null;
        for (int i = 0; i < 50; i++) {
            IdPage page = stream.readIds(token);
            ids.addAll(page.ids());
            if (page.next() == null) {
                return ids;
            }
            token = page.next();
        }
        throw new AssertionError("ids listing did not finish in 50 pages");
    }
}
