package io.crmw.connectors.extract;

import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.state.SyncState;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The shared extractor over a real warehouse, run against a {@link FakeVendor} as source {@code fake-src}. */
abstract class FakeSourceExtractTest {
    @TempDir
    Path dir;

    Warehouse warehouse;

    @BeforeEach
    void openWarehouse() {
        warehouse = Warehouse.open(dir.resolve("w.duckdb"));
    }

    @AfterEach
    void closeWarehouse() {
        warehouse.close();
    }

    /** The extractor under test; a test that moves time gives it its own clock. */
    StreamExtractor extractor() {
        return new StreamExtractor(warehouse, ExtractProgress.NONE);
    }

    /** One run of the source's first stream, recorded in the warehouse's run history like a real sync. */
    StreamOutcome run(Connector vendor, ExtractRequest request, Map<String, String> settings) {
        SourceConfig config = new SourceConfig("fake-src", "fake", URI.create("http://127.0.0.1:1"), settings, Map.of(),
                List.of(), Optional.empty());
        SourceSession session = SourceSession.open(config, vendor);
        warehouse.runs().startRun(request.runId(), "fake-src", "test", request.fullRefresh());
        StreamOutcome outcome = extractor().extract(session, session.streams().get(0), request);
        warehouse.runs().finishRun(request.runId(), outcome.status(), outcome.error());
        return outcome;
    }

    long query(String sql) throws Exception {
        try (var c = warehouse.connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String sql) throws Exception {
        try (var c = warehouse.connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The cursor the last committed page of {@code items} left. */
    String storedCursor() {
        return warehouse.syncState().get("fake-src", "items").map(SyncState::cursor).orElse(null);
    }
}
