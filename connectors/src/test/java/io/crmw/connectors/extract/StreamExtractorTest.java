package io.crmw.connectors.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.http.BeforeLongWait;
import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.warehouse.raw.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The shared paging loop over a real warehouse and an in-memory vendor. */
class StreamExtractorTest extends FakeSourceExtractTest {
    private final NumberedVendor vendor = new NumberedVendor();

    private StreamOutcome run(String runId, boolean fullRefresh, Map<String, String> settings) {
        return run(vendor, new ExtractRequest(runId, fullRefresh), settings);
    }

    @Test
    void aFailedPageKeepsTheCursorOfTheLastCommittedPageAndTheNextRunResumesThere() throws Exception {
        vendor.put(1, 7);
        vendor.failOnPage = 2;
        StreamOutcome failed = run("r1", false, Map.of());
        assertThat(failed.status()).isEqualTo(StreamOutcome.FAILED);
        assertThat(failed.error()).contains("fake-src").contains("items").contains("vendor hiccup");
        assertThat(failed.pages()).isEqualTo(1);
        assertThat(query("select count(*) from raw.fake_src__items")).isEqualTo(3);
        assertThat(warehouse.syncState().get("fake-src", "items").orElseThrow().cursor()).isEqualTo("3");

        vendor.failOnPage = 0;
        StreamOutcome resumed = run("r2", false, Map.of());
        assertThat(resumed.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(resumed.records()).isEqualTo(4);
        assertThat(vendor.cursorsAsked).containsExactly(null, "3", "3", "6");
        assertThat(query("select count(*) from raw.fake_src__items")).isEqualTo(7);
        assertThat(query("select count(distinct _id) from raw.fake_src__items")).isEqualTo(7);
        assertThat(resumed.warehouseCount()).isEqualTo(7);
        assertThat(resumed.vendorCount()).isEqualTo(7);
    }

    @Test
    void aFailureAfterSeveralPagesOfOneBatchCommitsThemWithTheCursorOfTheLastBeforeItPropagates() throws Exception {
        vendor.put(1, 10);
        vendor.failOnPage = 3; // pages 1 and 2 sit in one open batch when page 3 fails
        StreamOutcome failed = run("r1", false, Map.of());
        assertThat(failed.status()).isEqualTo(StreamOutcome.FAILED);
        assertThat(failed.pages()).isEqualTo(2);
        assertThat(query("select count(*) from raw.fake_src__items")).isEqualTo(6);
        assertThat(warehouse.syncState().get("fake-src", "items").orElseThrow().cursor()).isEqualTo("6");
        assertThat(warehouse.syncState().get("fake-src", "items").orElseThrow().recordsLanded()).isEqualTo(6);

        vendor.failOnPage = 0;
        StreamOutcome resumed = run("r2", false, Map.of());
        assertThat(resumed.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(resumed.records()).isEqualTo(4);
        assertThat(query("select count(*) from raw.fake_src__items")).isEqualTo(10);
        assertThat(query("select count(distinct _id) from raw.fake_src__items")).isEqualTo(10);
    }

    @Test
    void theOpenBatchCommitsBeforeTheReaderWaitsLong() throws Exception {
        vendor.put(1, 10);
        vendor.longWaitOnPage = 3; // pages 1 and 2 are in the open batch when the vendor makes the reader wait
        vendor.committedRows = () -> {
            try {
                return query("select count(*) from raw.fake_src__items");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        StreamOutcome outcome = run("r1", false, Map.of());
        assertThat(vendor.committedWhenWaiting).isEqualTo(6);
        assertThat(outcome.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(query("select count(*) from raw.fake_src__items")).isEqualTo(10);
        assertThat(query("select count(distinct _id) from raw.fake_src__items")).isEqualTo(10);
    }

    @Test
    void aVendorCountMismatchFailsTheStreamNamingBothNumbers() {
        vendor.put(1, 5);
        vendor.reportedCount = 6L;
        StreamOutcome outcome = run("r1", false, Map.of());
        assertThat(outcome.status()).isEqualTo(StreamOutcome.FAILED);
        assertThat(outcome.error()).isEqualTo("source 'fake-src' stream 'items': the vendor reports 6 live records but the"
                + " warehouse holds 5; run `crmw sync --source fake-src --full-refresh` to re-read the stream");
    }

    @Test
    void aPassFromScratchTombstonesIdsTheVendorNoLongerHas() throws Exception {
        vendor.put(1, 6);
        assertThat(run("r1", false, Map.of()).status()).isEqualTo(StreamOutcome.SUCCEEDED);
        vendor.records.remove(2L);
        vendor.records.remove(5L);
        // the incremental pass cannot see hard deletes, but the count check does: the stream is re-read from scratch
        vendor.cursorsAsked.clear();
        StreamOutcome incremental = run("r2", false, Map.of());
        assertThat(incremental.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(incremental.tombstones()).isEqualTo(2);
        assertThat(incremental.warehouseCount()).isEqualTo(4);
        assertThat(vendor.cursorsAsked).containsExactly("6", null, "4");
        assertThat(query("select count(*) from raw.fake_src__items where _deleted and _id in ('2', '5')")).isEqualTo(2);

        // an explicit full refresh finds nothing more to delete
        StreamOutcome full = run("r3", true, Map.of());
        assertThat(full.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(full.tombstones()).isZero();
        assertThat(full.warehouseCount()).isEqualTo(4);
    }

    @Test
    void thePeriodicReconciliationStartsAPassFromScratchWhenDue() throws Exception {
        vendor.put(1, 4);
        run("r1", false, Map.of("reconcile-every-days", "7"));
        vendor.records.remove(3L);
        try (var c = warehouse.connect(); var st = c.createStatement()) {
            st.execute("update meta.sync_state set pass_started_at = now() - interval 8 day");
        }
        vendor.cursorsAsked.clear();
        StreamOutcome outcome = run("r2", false, Map.of("reconcile-every-days", "7"));
        assertThat(vendor.cursorsAsked.get(0)).isNull();
        assertThat(outcome.tombstones()).isEqualTo(1);
        assertThat(outcome.status()).isEqualTo(StreamOutcome.SUCCEEDED);

        vendor.cursorsAsked.clear();
        run("r3", false, Map.of("reconcile-every-days", "7"));
        assertThat(vendor.cursorsAsked.get(0)).isEqualTo("4");
    }

    /** A vendor with numbered records served three per page; the cursor is the last id of the page. */
    private static final class NumberedVendor extends FakeVendor {
        final TreeMap<Long, String> records = new TreeMap<>();
        final List<String> cursorsAsked = new ArrayList<>();
        int failOnPage;
        /** Before serving this page (1-based), the vendor makes the reader wait long, e.g. for a rate-limit window. */
        int longWaitOnPage;
        /** Raw rows visible in the warehouse once that wait began. */
        long committedWhenWaiting = -1;
        java.util.function.LongSupplier committedRows = () -> -1;
        Long reportedCount;
        private int pagesServed;

        void put(long from, long to) {
            for (long id = from; id <= to; id++) {
                records.put(id, "{\"id\":" + id + "}");
            }
        }

        @Override
        CallStats callStats() {
            return new CallStats(pagesServed, 0, 0);
        }

        @Override
        Stream items(SourceConfig config, StreamHttp http) {
            return new ItemsStream("id") {
                @Override
                public Page read(String cursor) {
                    cursorsAsked.add(cursor);
                    pagesServed++;
                    if (longWaitOnPage > 0 && cursorsAsked.size() == longWaitOnPage) {
                        BeforeLongWait.aboutToWait(java.time.Duration.ofSeconds(1));
                        committedWhenWaiting = committedRows.getAsLong();
                    }
                    if (failOnPage > 0 && cursorsAsked.size() == failOnPage) {
                        throw new SourceException("source 'fake-src', stream 'items': vendor hiccup (503)", false);
                    }
                    long after = cursor == null ? 0 : Long.parseLong(cursor);
                    List<RawRecord> page = records.tailMap(after, false).entrySet().stream().limit(3)
                            .map(e -> new RawRecord(String.valueOf(e.getKey()), String.valueOf(e.getKey()), false, e.getValue()))
                            .toList();
                    boolean last = page.size() < 3 || records.higherKey(Long.parseLong(page.get(page.size() - 1).id())) == null;
                    String next = page.isEmpty() ? cursor : page.get(page.size() - 1).id();
                    return new Page(page, next, last);
                }

                @Override
                public OptionalLong vendorCount() {
                    return OptionalLong.of(reportedCount != null ? reportedCount : records.size());
                }
            };
        }
    }
}
