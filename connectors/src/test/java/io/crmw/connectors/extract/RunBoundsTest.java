package io.crmw.connectors.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.MovableClock;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.Page;
import io.crmw.warehouse.raw.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A run stops at its deadline (resumably), and a pass that reads far more than the vendor's count fails. */
class RunBoundsTest extends FakeSourceExtractTest {
    private final MovableClock clock = MovableClock.systemUTC();

    @Override
    StreamExtractor extractor() {
        return new StreamExtractor(warehouse, ExtractProgress.NONE, clock);
    }

    private StreamOutcome run(String runId, Connector vendor, Map<String, String> settings) {
        return run(vendor, new ExtractRequest(runId, false), settings);
    }

    @Test
    void aRunPastItsDeadlineStopsAtTheLastCommittedPageAndTheNextRunResumesThere() throws Exception {
        // 10 pages of 3; the clock jumps past the 30-minute deadline while page 4 is read
        List<String> asked = new ArrayList<>();
        boolean[] slowOnce = {true};
        Connector vendor = numbered(30, 3, asked, OptionalLong.of(30), page -> {
            if (page == 4 && slowOnce[0]) {
                slowOnce[0] = false;
                clock.advance(Duration.ofMinutes(31));
            }
        });
        StreamOutcome stopped = run("r1", vendor, Map.of("run-deadline-minutes", "30"));

        // before: the run read all 10 pages and succeeded, however long it took
        assertThat(stopped.status()).isEqualTo(StreamOutcome.STOPPED);
        assertThat(stopped.pages()).isEqualTo(4);
        assertThat(stopped.error()).contains("source 'fake-src' stream 'items'").contains("run deadline")
                .contains("run-deadline-minutes: 30").contains("next run resumes");
        assertThat(asked).hasSize(4);
        assertThat(warehouse.syncState().get("fake-src", "items").orElseThrow().cursor()).isEqualTo("12");
        try (var c = warehouse.connect(); var st = c.createStatement();
             var rs = st.executeQuery("select status, error from meta.stream_run where run_id = 'r1'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("stopped");
            assertThat(rs.getString(2)).contains("run deadline");
        }

        // a new run has a new deadline and resumes after the 12th record
        clock.reset();
        asked.clear();
        StreamOutcome resumed = run("r2", vendor, Map.of("run-deadline-minutes", "30"));
        assertThat(resumed.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(asked.get(0)).isEqualTo("12");
        assertThat(query("select count(distinct _id) from raw.fake_src__items")).isEqualTo(30);
        assertThat(query("select count(*) from raw.fake_src__items")).isEqualTo(30);
    }

    @Test
    void theDefaultDeadlineIsFourHours() throws Exception {
        Connector vendor = numbered(9, 3, new ArrayList<>(), OptionalLong.of(9), page -> {
            if (page == 1) {
                clock.advance(Duration.ofMinutes(239));
            }
        });
        assertThat(run("r1", vendor, Map.of()).status()).isEqualTo(StreamOutcome.SUCCEEDED);

        clock.reset();
        Connector slow = numbered(30, 3, new ArrayList<>(), OptionalLong.of(9), page -> clock.advance(Duration.ofMinutes(121)));
        StreamOutcome stopped = run("r2", slow, Map.of());
        assertThat(stopped.status()).isEqualTo(StreamOutcome.STOPPED);
        assertThat(stopped.error()).contains("run-deadline-minutes: 240");
    }

    @Test
    void aPagerThatCyclesFailsOnceItHasReadFarMoreThanTheVendorCounts() throws Exception {
        // cursors alternate a → b → a …: never the same cursor twice in a row, so only the count can tell
        List<String> asked = new ArrayList<>();
        Connector cycling = FakeVendor.serving(new FakeStream(asked) {
            @Override
            public Page read(String cursor) {
                asked.add(cursor);
                List<RawRecord> records = IntStream.range(0, 100)
                        .mapToObj(i -> new RawRecord(String.valueOf(i), "c", false, "{\"id\":" + i + "}")).toList();
                return new Page(records, "b".equals(cursor) ? "a" : "b", false);
            }

            @Override
            public OptionalLong vendorCount() {
                return OptionalLong.of(100);
            }
        });
        StreamOutcome outcome = run("r1", cycling, Map.of("run-deadline-minutes", "30"));

        // before: the loop ran until the deadline (here: forever, the clock never moves)
        assertThat(outcome.status()).isEqualTo(StreamOutcome.FAILED);
        assertThat(outcome.error()).contains("the vendor counts 100").contains("more pages than its count allows");
        // 2 × 100 + 1,000 slack = 1,200 records: the 13th page crosses it
        assertThat(outcome.pages()).isEqualTo(13);
        assertThat(asked).hasSize(13);
    }

    @Test
    void aStreamWithoutAVendorCountIsNotBoundedByIt() throws Exception {
        List<String> asked = new ArrayList<>();
        Connector vendor = numbered(1_500, 100, asked, OptionalLong.empty(), page -> {});
        StreamOutcome outcome = run("r1", vendor, Map.of());
        assertThat(outcome.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(outcome.records()).isEqualTo(1_500);
    }

    @Test
    void aVendorWhoseCountGrowsDuringThePassIsAskedAgainBeforeFailing() throws Exception {
        // the vendor first says 100, then (asked again when the pass crosses 1,200) 2,000: a pass of 2,000 is fine
        long[] counts = {100, 2_000};
        int[] asked = {0};
        List<String> cursors = new ArrayList<>();
        FakeStream growing = numberedStream(2_000, 100, cursors, OptionalLong.empty(), page -> {});
        growing.count = () -> OptionalLong.of(counts[Math.min(asked[0]++, 1)]);
        StreamOutcome outcome = run("r1", FakeVendor.serving(growing), Map.of());
        assertThat(outcome.status()).isEqualTo(StreamOutcome.SUCCEEDED);
        assertThat(outcome.records()).isEqualTo(2_000);
        assertThat(asked[0]).isBetween(2, 3); // once at the bound, once at the end of the pass (+ at most once more)
    }

    /** {@code total} records numbered 1.., {@code perPage} per page; the cursor is the last id of the page. */
    private static Connector numbered(int total, int perPage, List<String> asked, OptionalLong count, IntConsumer onPage) {
        return FakeVendor.serving(numberedStream(total, perPage, asked, count, onPage));
    }

    private static FakeStream numberedStream(int total, int perPage, List<String> asked, OptionalLong count,
            IntConsumer onPage) {
        FakeStream stream = new FakeStream(asked) {
            @Override
            public Page read(String cursor) {
                asked.add(cursor);
                onPage.accept(asked.size());
                int after = cursor == null ? 0 : Integer.parseInt(cursor);
                int last = Math.min(total, after + perPage);
                List<RawRecord> records = IntStream.rangeClosed(after + 1, last)
                        .mapToObj(i -> new RawRecord(String.valueOf(i), String.valueOf(i), false, "{\"id\":" + i + "}"))
                        .toList();
                return new Page(records, String.valueOf(last), last == total);
            }
        };
        stream.count = () -> count;
        return stream;
    }

    private abstract static class FakeStream extends FakeVendor.ItemsStream {
        final List<String> asked;
        Supplier<OptionalLong> count = OptionalLong::empty;

        FakeStream(List<String> asked) {
            super("id");
            this.asked = asked;
        }

        @Override
        public OptionalLong vendorCount() {
            return count.get();
        }
    }
}
