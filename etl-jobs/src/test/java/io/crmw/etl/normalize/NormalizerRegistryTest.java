package io.crmw.etl.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.Connector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Normalizers register through {@link java.util.ServiceLoader} and read only what their connector lands. */
class NormalizerRegistryTest {

    private final NormalizerRegistry registry = NormalizerRegistry.defaults();

    @Test
    void theBuiltInNormalizersRegisterThroughTheServiceLoader() {
        assertThat(registry.types()).containsExactlyInAnyOrder("hubspot", "salesforce", "pipedrive", "zoho", "zendesk",
                "zendesk-sell");
        assertThat(registry.require("pipedrive").sourceType()).isEqualTo("pipedrive");
    }

    @TestFactory
    Stream<DynamicTest> everyStreamANormalizerReadsIsOneItsConnectorLands() {
        Connectors connectors = new Connectors();
        return registry.types().stream().map(type -> DynamicTest.dynamicTest(type, () -> {
            assertThat(connectors.knows(type))
                    .as("a connector of type '%s' on the class path (known: %s)", type, connectors.types())
                    .isTrue();
            Connector connector = connectors.forType(type);
            List<String> read = registry.require(type).streams().stream()
                    .flatMap(s -> s.rawStreamsRead().stream()).distinct().toList();
            assertThat(read).as("raw streams the %s normalizer reads", type).isNotEmpty();
            assertThat(connector.streamNames()).as("streams the %s connector lands", type).containsAll(read);
        }));
    }
}
