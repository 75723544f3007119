package io.crmw.connectors.extract;

import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An in-memory CRM of type {@code fake} with one incremental stream, {@code items}, keyed by {@code id}; a test says
 * only how the stream pages. Its HTTP client refuses every call unless the test's vendor answers some.
 */
abstract class FakeVendor implements Connector {

    /** The one stream of this vendor, reading through {@code http}. */
    abstract Stream items(SourceConfig config, StreamHttp http);

    /** What the extractor reads as this vendor's HTTP traffic. */
    CallStats callStats() {
        return new CallStats(0, 0, 0);
    }

    /** A vendor whose {@code items} stream is {@code stream}. */
    static FakeVendor serving(Stream stream) {
        return new FakeVendor() {
            @Override
            Stream items(SourceConfig config, StreamHttp http) {
                return stream;
            }
        };
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public List<String> streamNames() {
        return List.of("items");
    }

    @Override
    public RateLimit defaultRateLimit() {
        return RateLimit.perSecond(100);
    }

    @Override
    public SourceHttp http(SourceConfig config) {
        return stream -> new NoHttp();
    }

    @Override
    public List<Stream> streams(SourceConfig config, SourceHttp http) {
        return List.of(items(config, http.forStream("items")));
    }

    /** The {@code items} stream's fixed declarations: primary key {@code id}, incremental on {@code cursorField}. */
    abstract static class ItemsStream implements Stream {
        private final String cursorField;

        ItemsStream(String cursorField) {
            this.cursorField = cursorField;
        }

        @Override
        public String name() {
            return "items";
        }

        @Override
        public String primaryKey() {
            return "id";
        }

        @Override
        public String cursorField() {
            return cursorField;
        }

        @Override
        public SyncMode mode() {
            return SyncMode.INCREMENTAL;
        }
    }

    /** Refuses every call; a vendor that answers HTTP overrides the calls it serves. */
    class NoHttp implements StreamHttp {
        @Override
        public JsonNode get(String pathAndQuery) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonNode post(String path, JsonNode body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonNode postForm(String url, Map<String, String> form) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CallStats stats() {
            return callStats();
        }
    }
}
