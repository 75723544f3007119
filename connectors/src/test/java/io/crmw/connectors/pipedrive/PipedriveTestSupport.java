package io.crmw.connectors.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.crmw.connectors.WireMockVendorTest;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * One WireMock server in the shape of a Pipedrive company domain ({@code https://acme.pipedrive.com}). After every
 * test: each request carried the token in {@code x-api-token} and no URL carried it.
 */
abstract class PipedriveTestSupport extends WireMockVendorTest<PipedriveConnector> {

    static final String TOKEN = "pd-FAKE-api-token-0123456789abcdef";
    static final String TOKEN_ENV = "${PIPEDRIVE_API_TOKEN}";

    final WireMockServer pipedrive = startedWireMock();

    @Override
    protected PipedriveConnector newConnector() {
        return new PipedriveConnector(clock);
    }

    @AfterEach
    void theTokenTravelledOnlyInItsHeader() {
        for (ServeEvent e : pipedrive.getAllServeEvents()) {
            assertThat(e.getRequest().getHeader("x-api-token")).as(e.getRequest().getUrl()).isEqualTo(TOKEN);
            assertThat(e.getRequest().getUrl()).doesNotContain(TOKEN).doesNotContain("api_token");
        }
    }

    static String fixture(String name) {
        return fixture("pipedrive", name);
    }

    SourceConfig config(Map<String, String> settings) {
        return new SourceConfig("pd-main", "pipedrive", URI.create(pipedrive.baseUrl()), settings,
                Map.of("api-token", new Secret(TOKEN_ENV, TOKEN)), List.of(), Optional.empty());
    }

    Stream stream(String name) {
        return stream(name, Map.of());
    }

    Stream stream(String name, Map<String, String> settings) {
        return stream(config(settings), name);
    }

    /** Every request's path and decoded query, oldest first. */
    List<String> requests() {
        return servedInOrder(pipedrive).stream()
                .map(e -> URLDecoder.decode(e.getRequest().getUrl(), StandardCharsets.UTF_8)).toList();
    }

    List<String> requestsTo(String path) {
        return requests().stream().filter(u -> u.equals(path) || u.startsWith(path + "?")).toList();
    }
}
