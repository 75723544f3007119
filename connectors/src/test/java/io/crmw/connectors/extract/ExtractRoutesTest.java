package io.crmw.connectors.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.warehouse.raw.BatchBounds;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The extract route of one source: every stream it was asked for ends in the source's outcome, whatever happened. */
class ExtractRoutesTest {

    private static final SourceConfig CONFIG = new SourceConfig("pd", "pipedrive", URI.create("http://127.0.0.1:1"),
            Map.of(), Map.of("api-token", new Secret("${PIPEDRIVE_TOKEN}", "not-a-real-token")),
            List.of("users", "pipelines"), Optional.empty());

    private static SourceOutcome extract(StreamExtractor extractor) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new ExtractRoutes(List.of(CONFIG), new Connectors(), extractor, 2));
            camel.start();
            return camel.createProducerTemplate().requestBody(ExtractRoutes.endpointFor("pd"),
                    new ExtractRequest("run-1", false), SourceOutcome.class);
        }
    }

    @Test
    void aStreamWhoseExtractionThrowsIsAFailedOutcomeNamingItNotAHole() throws Exception {
        // the store refuses every stream (as when a cluster node lost its lease on the source): extract itself throws
        StreamExtractor extractor = new StreamExtractor(source -> {
            throw new IllegalStateException("the lease on source 'pd' was lost");
        }, ExtractProgress.NONE, Clock.systemUTC(), BatchBounds.DEFAULT);
        SourceOutcome outcome = extract(extractor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.streams()).extracting(StreamOutcome::stream)
                .containsExactlyInAnyOrder("users", "pipelines");
        assertThat(outcome.streams()).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(StreamOutcome.FAILED);
            assertThat(s.error()).startsWith("source 'pd' stream '" + s.stream() + "': IllegalStateException: "
                    + "the lease on source 'pd' was lost; the cursor stays at the last committed page");
        });
        assertThat(outcome.records()).isZero();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.problems()).contains("stream 'users'").contains("stream 'pipelines'");
    }

    @Test
    void aStreamThatThrowsWhileCrmwIsStoppingIsInterruptedAndResumable() throws Exception {
        StreamExtractor[] extractor = new StreamExtractor[1];
        // SIGTERM arrives while the streams start, and the store goes with it
        extractor[0] = new StreamExtractor(source -> {
            extractor[0].stopAll(java.time.Duration.ZERO);
            throw new IllegalStateException("the warehouse is closing");
        }, ExtractProgress.NONE, Clock.systemUTC(), BatchBounds.DEFAULT);
        SourceOutcome outcome = extract(extractor[0]);

        // the stream that met the closing store says so; one starting after it was not started at all
        assertThat(outcome.streams()).hasSize(2)
                .allSatisfy(s -> assertThat(s.status()).isEqualTo(StreamOutcome.INTERRUPTED))
                .anySatisfy(s -> assertThat(s.error()).contains("IllegalStateException: the warehouse is closing")
                        .contains("the next run resumes there"));
        assertThat(outcome.succeeded()).isFalse();
    }
}
