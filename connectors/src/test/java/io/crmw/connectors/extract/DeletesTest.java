package io.crmw.connectors.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.DeclaredStream;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.CountUnavailableException;
import io.crmw.connectors.spi.IdPage;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.RawRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Hard deletes, the mass-delete guard, unverified counts and runaway cursors, over a real warehouse. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeletesTest extends FakeSourceExtractTest {

    private StreamOutcome run(Connector vendor, String runId) {
        return run(vendor, new ExtractRequest(runId, false), Map.of());
    }

    private List<String> tombstonedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (var c = warehouse.connect(); var st = c.createStatement();
             var rs = st.executeQuery("select _id from raw.fake_src__items where _deleted order by _id::bigint")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    @Test
    void oneHardDeleteInAThousandIsTombstonedByAnIdsOnlyPassWithoutReadingRecordsAgain() throws Exception {
        IdListingVendor vendor = new IdListingVendor();
        vendor.put(1, 1000);
        StreamOutcome first = run(vendor, "r1");
        assertThat(first.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(first.records()).isEqualTo(1000);
        assertThat(vendor.readCalls).isEqualTo(2);

        vendor.records.remove(417L);
        vendor.resetCounters();
        StreamOutcome second = run(vendor, "r2");

        assertThat(second.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(second.error()).isNull();
        assertThat(second.tombstones()).isEqualTo(1);
        assertThat(second.records()).isZero();
        assertThat(vendor.readCalls).isEqualTo(1); // the incremental read, which had nothing new
        assertThat(vendor.recordsServed).isZero(); // no full record read again
        assertThat(vendor.idsCalls).isEqualTo(2); // 999 ids, 500 a page
        assertThat(second.vendorCount()).isEqualTo(999);
        assertThat(second.warehouseCount()).isEqualTo(999);
        assertThat(tombstonedIds()).containsExactly("417");
        assertThat(query("select count(*) from meta.id_pass")).isZero(); // the listed ids are forgotten

        vendor.resetCounters();
        StreamOutcome third = run(vendor, "r3");
        assertThat(third.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(third.tombstones()).isZero();
        assertThat(vendor.idsCalls).isZero(); // counts agree: no ids pass
    }

    @Test
    void aPassThatWouldDeleteMoreThanTenPercentFailsAndDeletesNothingUntilAllowed() throws Exception {
        IdListingVendor vendor = new IdListingVendor();
        vendor.put(1, 1000);
        run(vendor, "r1");
        LongStream.rangeClosed(1, 150).forEach(vendor.records::remove);

        StreamOutcome guarded = run(vendor, "r2");

        assertThat(guarded.status()).isEqualTo(StreamOutcome.FAILED);
        assertThat(guarded.error()).isEqualTo("source 'fake-src' stream 'items': an ids-only pass would delete 150 of "
                + "1000 live records, more than the 10 % guard (mass-delete-percent); nothing was deleted. If the vendor "
                + "really lost them, run `crmw sync --source fake-src --allow-mass-delete`");
        assertThat(guarded.tombstones()).isZero();
        assertThat(tombstonedIds()).isEmpty();
        assertThat(warehouse.landing().liveCount("fake-src", "items")).isEqualTo(1000);

        StreamOutcome allowed = run(vendor, new ExtractRequest("r3", false, true), Map.of());

        assertThat(allowed.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(allowed.tombstones()).isEqualTo(150);
        assertThat(allowed.warehouseCount()).isEqualTo(850);
        assertThat(tombstonedIds()).hasSize(150).first().isEqualTo("1");
        assertThat(tombstonedIds()).last().isEqualTo("150");
    }

    @Test
    void theGuardFollowsTheSourcesMassDeletePercent() throws Exception {
        IdListingVendor vendor = new IdListingVendor();
        vendor.put(1, 100);
        Map<String, String> settings = Map.of("mass-delete-percent", "20");
        run(vendor, new ExtractRequest("r1", false), settings);
        LongStream.rangeClosed(1, 15).forEach(vendor.records::remove);

        StreamOutcome outcome = run(vendor, new ExtractRequest("r2", false), settings);

        assertThat(outcome.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(outcome.tombstones()).isEqualTo(15);
        assertThat(outcome.warehouseCount()).isEqualTo(85);
    }

    @Test
    void aMissingVendorCountMarksTheStreamUnverifiedAndDeletesNothing() throws Exception {
        IdListingVendor vendor = new IdListingVendor();
        vendor.put(1, 10);
        run(vendor, "r1");
        vendor.records.remove(4L);
        vendor.countUnavailable = true;
        vendor.resetCounters();

        StreamOutcome outcome = run(vendor, "r2");

        assertThat(outcome.status()).isEqualTo(StreamOutcome.UNVERIFIED);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.error()).isEqualTo("source 'fake-src' stream 'items': landed, but not verified: the count "
                + "answer had no total; nothing was deleted by count");
        assertThat(outcome.vendorCount()).isNull();
        assertThat(outcome.tombstones()).isZero();
        assertThat(vendor.idsCalls).isZero();
        assertThat(warehouse.landing().liveCount("fake-src", "items")).isEqualTo(10);
        assertThat(text("select status from meta.stream_run where run_id = 'r2'")).isEqualTo("unverified");
    }

    @Test
    void aVendorAnsweringTheSameCursorTwiceFailsTheStreamInsteadOfLoopingForever() throws Exception {
        IdListingVendor vendor = new IdListingVendor();
        vendor.put(1, 3);
        vendor.stuckCursor = true;

        StreamOutcome outcome = run(vendor, "r1");

        assertThat(outcome.status()).isEqualTo(StreamOutcome.FAILED);
        assertThat(outcome.error()).isEqualTo("source 'fake-src' stream 'items': the vendor answered the same page "
                + "cursor twice (stuck); stopped to avoid an endless loop; the pages before it are kept");
        assertThat(vendor.readCalls).isEqualTo(2);
        assertThat(outcome.pages()).isEqualTo(1);
        assertThat(storedCursor()).isEqualTo("stuck");
    }

    @Test
    void aVendorAnsweringTheSameIdsTokenTwiceFailsAndDeletesNothing() throws Exception {
        IdListingVendor vendor = new IdListingVendor();
        vendor.put(1, 1000);
        run(vendor, "r1");
        vendor.records.remove(7L);
        vendor.stuckIdsToken = true;
        vendor.resetCounters();

        StreamOutcome outcome = run(vendor, "r2");

        assertThat(outcome.status()).isEqualTo(StreamOutcome.FAILED);
        assertThat(outcome.error()).contains("same page cursor twice while listing ids; nothing was deleted");
        assertThat(vendor.idsCalls).isEqualTo(2);
        assertThat(tombstonedIds()).isEmpty();
    }

    @Test
    void anEmptyObjectFromTheVendorStopsTheStreamResumablyAndKeepsTheCursor() throws Exception {
        JsonVendor vendor = new JsonVendor();
        vendor.put(1, 5);
        assertThat(run(vendor, "r1").status()).isEqualTo(StreamOutcome.SUCCEEDED);
        String cursor = storedCursor();
        assertThat(cursor).isNotNull();
        vendor.records.remove(2L);
        vendor.answerEmptyObject = true;
        vendor.gets.clear();

        StreamOutcome incremental = run(vendor, "r2");

        assertThat(incremental.status()).isEqualTo(StreamOutcome.STOPPED);
        assertThat(incremental.error()).contains("stream 'items'").contains("is not a page")
                .contains("no records array at /data");
        assertThat(incremental.tombstones()).isZero();
        assertThat(vendor.gets).hasSize(3); // asked again twice, then stopped
        assertThat(storedCursor()).isEqualTo(cursor);
        assertThat(tombstonedIds()).isEmpty();

        // a full refresh answered with {} must not read as "the vendor has nothing" and tombstone everything
        StreamOutcome full = run(vendor, new ExtractRequest("r3", true), Map.of());

        assertThat(full.status()).isEqualTo(StreamOutcome.STOPPED);
        assertThat(full.tombstones()).isZero();
        assertThat(tombstonedIds()).isEmpty();
        assertThat(warehouse.landing().liveCount("fake-src", "items")).isEqualTo(5);
    }

    @Test
    void anEmptyObjectInTheIdsOnlyPassStopsTheStreamBeforeAnyDelete() throws Exception {
        JsonVendor vendor = new JsonVendor();
        vendor.put(1, 5);
        Map<String, String> daily = Map.of("reconcile-every-days", "1");
        run(vendor, new ExtractRequest("r1", false), daily);
        try (var c = warehouse.connect(); var st = c.createStatement()) {
            st.execute("update meta.sync_state set pass_started_at = now() - interval 2 day");
        }
        vendor.records.remove(2L);
        vendor.answerEmptyObjectToIds = true;
        vendor.gets.clear();

        StreamOutcome outcome = run(vendor, new ExtractRequest("r2", false), daily);

        assertThat(outcome.status()).isEqualTo(StreamOutcome.STOPPED);
        assertThat(outcome.error()).contains("is not a page");
        assertThat(vendor.gets).filteredOn(u -> u.contains("fields=id")).hasSize(3);
        assertThat(tombstonedIds()).isEmpty();

        vendor.answerEmptyObjectToIds = false;
        StreamOutcome next = run(vendor, new ExtractRequest("r3", false), daily);
        assertThat(next.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(tombstonedIds()).containsExactly("2");
    }

    @Test
    void parallelStreamsStartTheirFirstIdsPassesTogetherWithoutACatalogConflict() throws Exception {
        // streams are extracted in parallel; the first ids passes of a warehouse all create meta.id_pass
        for (int round = 0; round < 3; round++) {
            try (Warehouse fresh = Warehouse.open(dir.resolve("parallel-" + round + ".duckdb"))) {
                int streams = 8;
                ExecutorService pool = Executors.newFixedThreadPool(streams);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Long>> listed = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    String stream = "stream" + i;
                    listed.add(pool.submit(() -> {
                        start.await();
                        fresh.landing().startIdPass("fake-src", stream);
                        fresh.landing().landIds("fake-src", stream, List.of("1", "2", "3"));
                        return fresh.landing().countListedIds("fake-src", stream);
                    }));
                }
                start.countDown();
                List<Long> counts = new ArrayList<>();
                for (Future<Long> f : listed) {
                    counts.add(f.get(30, TimeUnit.SECONDS));
                }
                pool.shutdown();
                assertThat(counts).containsOnly(3L).hasSize(streams);
            }
        }
    }

    /**
     * A vendor whose records have a change version; {@code read} serves the records changed since the stored
     * high-water version, 500 a page by id ({@code "<since>:<last id>"}); {@code readIds} lists live ids, 500 a page.
     */
    private static final class IdListingVendor extends FakeVendor {
        static final int PAGE = 500;
        final TreeMap<Long, Long> records = new TreeMap<>(); // id → version
        boolean countUnavailable;
        boolean stuckCursor;
        boolean stuckIdsToken;
        int readCalls;
        int recordsServed;
        int idsCalls;
        private long version;

        void put(long from, long to) {
            for (long id = from; id <= to; id++) {
                records.put(id, ++version);
            }
        }

        void resetCounters() {
            readCalls = 0;
            recordsServed = 0;
            idsCalls = 0;
        }

        @Override
        Stream items(SourceConfig config, StreamHttp http) {
            return new ItemsStream("version") {
                @Override
                public Page read(String cursor) {
                    if (++readCalls > 100) {
                        throw new AssertionError("read called " + readCalls + " times: an endless loop");
                    }
                    if (stuckCursor) {
                        return new Page(List.of(record(records.firstKey())), "stuck", false);
                    }
                    String[] parts = (cursor == null ? "0:0" : cursor).split(":");
                    long since = Long.parseLong(parts[0]);
                    long after = Long.parseLong(parts[1]);
                    List<Long> changed = records.tailMap(after, false).entrySet().stream()
                            .filter(e -> e.getValue() > since).map(Map.Entry::getKey).toList();
                    List<RawRecord> page = changed.stream().limit(PAGE).map(this::record).toList();
                    recordsServed += page.size();
                    if (changed.size() > PAGE) {
                        return new Page(page, since + ":" + page.get(page.size() - 1).id(), false);
                    }
                    return new Page(page, version + ":0", true);
                }

                private RawRecord record(long id) {
                    return new RawRecord(String.valueOf(id), String.valueOf(records.get(id)), false,
                            "{\"id\":" + id + ",\"version\":" + records.get(id) + "}");
                }

                @Override
                public OptionalLong vendorCount() throws CountUnavailableException {
                    if (countUnavailable) {
                        throw new CountUnavailableException("the count answer had no total");
                    }
                    return OptionalLong.of(records.size());
                }

                @Override
                public boolean listsIds() {
                    return true;
                }

                @Override
                public IdPage readIds(String token) {
                    if (++idsCalls > 100) {
                        throw new AssertionError("readIds called " + idsCalls + " times: an endless loop");
                    }
                    long after = token == null ? 0 : Long.parseLong(token);
                    List<Long> rest = new ArrayList<>(records.tailMap(after, false).keySet());
                    List<Long> page = rest.subList(0, Math.min(PAGE, rest.size()));
                    String next = rest.size() > PAGE ? String.valueOf(page.get(page.size() - 1)) : null;
                    if (stuckIdsToken) {
                        next = String.valueOf(PAGE);
                    }
                    return new IdPage(page.stream().map(String::valueOf).toList(), next);
                }
            };
        }
    }

    /**
     * A vendor answering JSON pages ({@code {"data": [...], "next": "<last id>"}}, two records a page) to a
     * {@link DeclaredStream}; it can answer {@code {}} instead, to every GET or only to the ids-only listing.
     */
    private static final class JsonVendor extends FakeVendor {
        private static final ObjectMapper MAPPER = JsonMapper.builder().build();
        final TreeMap<Long, String> records = new TreeMap<>(); // id → updated
        final List<String> gets = new ArrayList<>();
        boolean answerEmptyObject;
        boolean answerEmptyObjectToIds;

        void put(long from, long to) {
            for (long id = from; id <= to; id++) {
                records.put(id, "2024-05-20T10:00:0" + (id % 10) + "Z");
            }
        }

        @Override
        public SourceHttp http(SourceConfig config) {
            return stream -> new NoHttp() {
                @Override
                public JsonNode get(String pathAndQuery) {
                    gets.add(pathAndQuery);
                    if (answerEmptyObject || (answerEmptyObjectToIds && pathAndQuery.contains("fields=id"))) {
                        return MAPPER.createObjectNode();
                    }
                    long after = Long.parseLong(param(pathAndQuery, "after", "0"));
                    ObjectNode page = MAPPER.createObjectNode();
                    ArrayNode data = page.putArray("data");
                    records.tailMap(after, false).entrySet().stream().limit(2).forEach(e ->
                            data.addObject().put("id", e.getKey()).put("updated", e.getValue()));
                    Long last = data.isEmpty() ? null : data.get(data.size() - 1).path("id").asLong();
                    if (last != null && records.higherKey(last) != null) {
                        page.put("next", String.valueOf(last));
                    } else {
                        page.putNull("next");
                    }
                    return page;
                }
            };
        }

        private static String param(String url, String name, String fallback) {
            for (String kv : url.substring(url.indexOf('?') + 1).split("&")) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
            return fallback;
        }

        @Override
        Stream items(SourceConfig config, StreamHttp http) {
            return DeclaredStream.named("items").get("/items?limit=2").paginator(Paginator.token("after", "/next"))
                    .changedAt("updated").incremental("updated_since", Duration.ZERO).idsParam("fields", "id")
                    .build(config.name(), http, Clock.systemUTC());
        }
    }
}
