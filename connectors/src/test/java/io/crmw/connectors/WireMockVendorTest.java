package io.crmw.connectors;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.crmw.connectors.http.FakeTime;
import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.http.RetryPolicy;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.IdPage;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every CRM's WireMock contract test shares: vendor-format fixtures under {@code src/test/resources/<crm>/}, a
 * fixed clock, a fake sleeper/ticker, the connector's HTTP client wired to both with millisecond retries, and the
 * framework's paging loops. A CRM's support class adds only its servers, credentials and request helpers.
 */
public abstract class WireMockVendorTest<C extends Connector> {

    protected static final Instant NOW = Instant.parse("2024-05-21T08:00:00Z");
    private static final int MAX_PAGES = 100;

    /** Fixed at {@link #NOW}; a test that needs time to pass sets its own before building the connector. */
    protected Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    protected FakeTime time;
    protected C connector;
    private final List<WireMockServer> servers = new ArrayList<>();

    /** The connector under test, built once per test after {@link #time} is set. */
    protected abstract C newConnector();

    @BeforeEach
    void startVendorTime() {
        time = new FakeTime();
        connector = newConnector();
    }

    /** A started WireMock server on a free loopback port, stopped after the test. */
    protected WireMockServer startedWireMock(com.github.tomakehurst.wiremock.extension.Extension... extensions) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true)
                .extensions(extensions));
        server.start();
        servers.add(server);
        return server;
    }

    @AfterEach
    void stopWireMocks() {
        servers.forEach(WireMockServer::stop);
    }

    /** The text of {@code src/test/resources/<crm>/<name>}. */
    protected static String fixture(String crm, String name) {
        try (InputStream in = WireMockVendorTest.class.getResourceAsStream("/" + crm + "/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + crm + "/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Retries after 1–4 ms, at most three attempts; a CRM's test may widen it. */
    protected RetryPolicy retry() {
        return RetryPolicy.defaults().withMaxAttempts(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(4));
    }

    protected OkHttpSourceHttp http(SourceConfig config) {
        return HttpFactory.builder(config, connector).sleeper(time).ticker(time).clock(clock).retry(retry()).build();
    }

    protected Stream stream(SourceConfig config, String name) {
        return connector.streams(config, http(config)).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** Every request {@code server} received, oldest first (WireMock lists the newest first). */
    protected static List<ServeEvent> servedInOrder(WireMockServer server) {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events;
    }

    /** What the framework's paging loop does: read until last, feeding each page's cursor back. */
    protected static List<Page> readAll(Stream stream, String cursor) throws IOException {
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < MAX_PAGES; i++) {
            Page page = stream.read(cursor);
            pages.add(page);
            if (page.last()) {
                return pages;
            }
            cursor = page.cursorAfter();
        }
        throw new AssertionError("stream did not finish in " + MAX_PAGES + " pages");
    }

    /** What the framework's ids-only pass does: list until the token runs out. */
    protected static List<String> readAllIds(Stream stream) throws IOException {
        List<String> ids = new ArrayList<>();
        String token = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            IdPage page = stream.readIds(token);
            ids.addAll(page.ids());
            if (page.next() == null) {
                return ids;
            }
            token = page.next();
        }
        throw new AssertionError("ids listing did not finish in " + MAX_PAGES + " pages");
    }
}
