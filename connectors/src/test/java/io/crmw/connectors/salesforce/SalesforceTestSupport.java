package io.crmw.connectors.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmw.connectors.http.FakeTime;
import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.http.RetryPolicy;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two WireMock servers in Salesforce's shape: {@code login} (the OAuth token endpoint, given as {@code login-url}) and
 * {@code instance} (the org, reached only through the token response's {@code instance_url}). Fake sleeper and clock.
 */
abstract class SalesforceTestSupport {

    static final Instant NOW = Instant.parse("2024-05-21T08:00:00Z");
    static final String CLIENT_SECRET = "cs-SECRET-8c1f2d";
    static final String REFRESH_TOKEN = "5Aep861-REFRESH-77aa";
    static final String ACCESS_TOKEN = "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoWr78nkmPNbYUK5UzZYS2pIAN";
    static final String DATA = "/services/data/v62.0";
    static final String TOKEN_PATH = "/services/oauth2/token";

    WireMockServer login;
    WireMockServer instance;
    FakeTime time;
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    SalesforceConnector connector;

    @BeforeEach
    void startServers() {
        login = new WireMockServer(options().dynamicPort().gzipDisabled(true));
        instance = new WireMockServer(options().dynamicPort().gzipDisabled(true));
        login.start();
        instance.start();
        time = new FakeTime();
        connector = new SalesforceConnector(clock, time);
        login.stubFor(post(TOKEN_PATH).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson(token("token-refresh.json"))));
    }

    @AfterEach
    void stopServers() {
        login.stop();
        instance.stop();
    }

    String token(String fixture) {
        return fixture(fixture).replace("INSTANCE_URL", instance.baseUrl());
    }

    static String fixture(String name) {
        try (InputStream in = SalesforceTestSupport.class.getResourceAsStream("/salesforce/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SourceConfig config(Map<String, String> settings, Map<String, Secret> secrets) {
        Map<String, String> all = new HashMap<>(Map.of("client-id", "3MVG9-consumer-key"));
        all.putAll(settings);
        return new SourceConfig("sf-main", "salesforce", URI.create(login.baseUrl()), all, secrets, List.of(),
                Optional.empty());
    }

    SourceConfig refreshConfig(Map<String, String> settings) {
        return config(settings, Map.of(
                "client-secret", new Secret("${SF_CLIENT_SECRET}", CLIENT_SECRET),
                "refresh-token", new Secret("${SF_REFRESH_TOKEN}", REFRESH_TOKEN)));
    }

    OkHttpSourceHttp http(SourceConfig config) {
        return HttpFactory.builder(config, connector)
                .sleeper(time).ticker(time).clock(clock)
                .retry(RetryPolicy.defaults().withMaxAttempts(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(4)))
                .build();
    }

    Stream stream(SourceConfig config, String name) {
        return connector.streams(config, http(config)).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    void stubOpportunityDescribe() {
        instance.stubFor(get(DATA + "/sobjects/Opportunity/describe")
                .willReturn(okJson(fixture("opportunity-describe.json"))));
    }

    /** The decoded SOQL of every query request to the instance, in order. */
    List<String> soql(String endpoint) {
        List<String> out = new ArrayList<>();
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = new ArrayList<>(instance.getAllServeEvents());
        java.util.Collections.reverse(events); // WireMock lists the newest first
        events.forEach(e -> {
            String url = e.getRequest().getUrl();
            if (url.startsWith(DATA + endpoint + "?q=")) {
                out.add(URLDecoder.decode(url.substring(url.indexOf("?q=") + 3), StandardCharsets.UTF_8));
            }
        });
        return out;
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
}
