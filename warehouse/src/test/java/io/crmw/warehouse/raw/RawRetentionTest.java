package io.crmw.warehouse.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 ids × 10 versions of {@code s/deals}: versions 1–8 extracted 40 days ago, version 9 ten days ago, version 10
 * now; ids 0–19 end in a tombstone and their last live version (9) is 40 days old.
 */
class RawRetentionTest {

    static final int IDS = 200;
    static final int VERSIONS = 10;
    static final int TOMBSTONED = 20;

    @TempDir
    Path dir;

    static long count(Warehouse wh, String sql) throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void landHistory(Warehouse wh, String stream) throws Exception {
        for (int v = 1; v <= VERSIONS; v++) {
            List<RawRecord> page = new ArrayList<>();
            for (int id = 0; id < IDS; id++) {
                boolean tombstone = v == VERSIONS && id < TOMBSTONED;
                page.add(new RawRecord(String.valueOf(id), "c" + v, tombstone,
                        "{\"id\":" + id + ",\"v\":" + v + ",\"fill\":\"" + fill() + "\"}"));
            }
            wh.landing().landPage("s", stream, "r" + v, page, "c" + v, true);
        }
        String table = RawLanding.rawTable("s", stream);
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            st.execute("update " + table + " set _extracted_at = now() - interval 40 day where payload->>'v' in ('1','2','3','4','5','6','7','8')");
            st.execute("update " + table + " set _extracted_at = now() - interval 10 day where payload->>'v' = '9'");
            st.execute("update " + table + " set _extracted_at = now() - interval 40 day where payload->>'v' = '9' and _id::int < " + TOMBSTONED);
        }
    }

    /** About 1.8 kB that does not compress, so that the file's size follows the rows. */
    static String fill() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            b.append(java.util.UUID.randomUUID());
        }
        return b.toString();
    }

    static void normalizedUpTo(Warehouse wh, String stream, long seq) throws Exception {
        try (Connection c = wh.connect()) {
            wh.syncState().markNormalized(c, "s", stream, seq);
        }
    }

    @Test
    void keepsTheLatestVersionPerIdTheLastLiveOneAndTheDaysOfHistory() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            landHistory(wh, "deals");
            normalizedUpTo(wh, "deals", IDS * VERSIONS);
            assertThat(count(wh, "select count(*) from raw.s__deals")).isEqualTo(2_000);

            RawRetention.Result result = new RawRetention(wh::connect).apply(30, Instant.now());

            assertThat(result.tables()).containsExactly(new RawRetention.TableRetention(RawLanding.rawTable("s", "deals"), 2_000, 1_600));
            // live ids: version 10 (latest) + version 9 (10 days old); tombstoned ids: the tombstone + version 9 (last live)
            assertThat(count(wh, "select count(*) from raw.s__deals")).isEqualTo(400);
            assertThat(count(wh, "select count(*) from raw.s__deals where payload->>'v' = '10'")).isEqualTo(200);
            assertThat(count(wh, "select count(*) from raw.s__deals where _deleted")).isEqualTo(TOMBSTONED);
            assertThat(count(wh, "select count(*) from raw.s__deals where payload->>'v' = '9'")).isEqualTo(200);
            assertThat(count(wh, "select count(distinct _id) from raw.s__deals")).isEqualTo(IDS);
            assertThat(wh.landing().liveCount("s", "deals")).isEqualTo(IDS - TOMBSTONED);

            // five days of history: the ten-day-old versions of live ids go, the last live version of a tombstoned id stays
            new RawRetention(wh::connect).apply(5, Instant.now());
            assertThat(count(wh, "select count(*) from raw.s__deals")).isEqualTo(IDS + TOMBSTONED);
            assertThat(count(wh, "select count(*) from raw.s__deals where payload->>'v' = '9' and not _deleted"))
                    .isEqualTo(TOMBSTONED);
            // landing goes on after the newest _seq
            wh.landing().landPage("s", "deals", "r11", List.of(new RawRecord("0", "c11", false, "{\"v\":11}")), "c11", true);
            assertThat(count(wh, "select max(_seq) from raw.s__deals")).isEqualTo(2_001);
        }
    }

    @Test
    void keepsEveryRowAPendingNormalizationStillReads() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            landHistory(wh, "deals");
            landHistory(wh, "owners");
            normalizedUpTo(wh, "deals", 1_000); // versions 1–5 normalized, 6–10 pending
            // owners never normalized: every row is pending

            new RawRetention(wh::connect).apply(30, Instant.now());

            // deals: versions 1–5 of every id go, except the last live version of tombstoned ids (9, above the mark anyway)
            assertThat(count(wh, "select count(*) from raw.s__deals")).isEqualTo(1_000);
            assertThat(count(wh, "select min(_seq) from raw.s__deals")).isEqualTo(1_001);
            assertThat(count(wh, "select count(*) from raw.s__owners")).isEqualTo(2_000);
            // what the normalization reader reads (latest per id above the mark) is unchanged
            assertThat(count(wh, "select count(*) from (select _id from raw.s__deals where _seq > 1000"
                    + " qualify row_number() over (partition by _id order by _seq desc) = 1 and _seq > 1800)")).isEqualTo(IDS);
        }
    }

    @Test
    void keepsEveryRowTheStreamsFinishingSqlHasNotSeenYet() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            landHistory(wh, "deals");
            normalizedUpTo(wh, "deals", IDS * VERSIONS); // normalized in full
            normalizedUpTo(wh, "deals#finished", 1_000); // its finishing SQL has seen versions 1–5 only

            new RawRetention(wh::connect).apply(30, Instant.now());

            // as if normalized up to 1,000: versions 6–10 stay for the finishing SQL's next run
            assertThat(count(wh, "select count(*) from raw.s__deals")).isEqualTo(1_000);
            assertThat(count(wh, "select min(_seq) from raw.s__deals")).isEqualTo(1_001);
        }
    }

    @Test
    void compactionAfterRetentionShrinksTheFile() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse wh = Warehouse.open(file)) {
            landHistory(wh, "deals");
            normalizedUpTo(wh, "deals", IDS * VERSIONS);
            try (Connection c = wh.connect(); Statement st = c.createStatement()) {
                st.execute("checkpoint");
            }
        }
        long before = Files.size(file);
        long freeBlocks;
        try (Warehouse wh = Warehouse.open(file)) {
            RawRetention.Result result = new RawRetention(wh::connect).apply(30, Instant.now());
            freeBlocks = result.freeBlocks();
            assertThat(result.rowsDeleted()).isEqualTo(1_600);
        }
        // free blocks appear only where whole row groups were deleted; a share of 0 rewrites whatever the share
        Warehouse.Compaction compaction = Warehouse.compact(file, 0);
        System.out.printf("raw retention: file %,d bytes before, %,d after compaction (%d free blocks)%n",
                before, Files.size(file), freeBlocks);
        assertThat(compaction.bytesBefore()).isGreaterThanOrEqualTo(before);
        assertThat(compaction.bytesAfter()).isEqualTo(Files.size(file)).isLessThan(before / 2);
        // nothing of value lost, and the compacted file opens as a warehouse
        try (Warehouse wh = Warehouse.open(file)) {
            assertThat(count(wh, "select count(*) from raw.s__deals")).isEqualTo(400);
            assertThat(count(wh, "select max(version) from meta.schema_version")).isGreaterThanOrEqualTo(4);
            assertThat(wh.syncState().normalizedUpTo("s", "deals")).isEqualTo(2_000);
        }
        // below the threshold nothing is rewritten
        assertThat(Warehouse.compact(file, 0.5)).isEqualTo(new Warehouse.Compaction(Files.size(file), Files.size(file)));
    }
}
