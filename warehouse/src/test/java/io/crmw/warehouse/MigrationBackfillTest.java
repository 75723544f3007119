package io.crmw.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.raw.RawLanding;
import io.crmw.warehouse.raw.RawRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse at the old schema (test migrations {@code backfill/old.txt}: the real ones plus V005, a core table
 * fed by the {@code widgets} stream) is upgraded to {@code backfill/new.txt}, whose V006 adds a column and says
 * {@code -- renormalize: widgets}. The next normalize fills the column from raw for rows normalized long before.
 */
class MigrationBackfillTest {

    @TempDir
    Path dir;

    /**
     * A stand-in for the normalize step with the reader's contract (etl-jobs' RawRecordReader): the latest raw
     * version per id above the watermark, upserted into core, then the watermark moved to the last {@code _seq}.
     */
    static void normalizeWidgets(Warehouse wh) throws Exception {
        long mark = wh.syncState().normalizedUpTo("hub", "widgets");
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            boolean hasRegion;
            try (ResultSet rs = st.executeQuery("select count(*) from information_schema.columns"
                    + " where table_schema = 'core' and table_name = 'test_widget' and column_name = 'region'")) {
                rs.next();
                hasRegion = rs.getLong(1) > 0;
            }
            c.setAutoCommit(false);
            st.execute("create temp table batch as select _id, _seq, payload from " + RawLanding.rawTable("hub", "widgets")
                    + " where _seq > " + mark + " qualify row_number() over (partition by _id order by _seq desc) = 1");
            st.execute("delete from core.test_widget where source_system = 'hub' and source_id in (select _id from batch)");
            st.execute("insert into core.test_widget (source_system, source_id, name" + (hasRegion ? ", region" : "") + ")"
                    + " select 'hub', _id, payload->>'name'" + (hasRegion ? ", payload->>'region'" : "") + " from batch");
            try (ResultSet rs = st.executeQuery("select coalesce(max(_seq), " + mark + ") from batch")) {
                rs.next();
                wh.syncState().markNormalized(c, "hub", "widgets", rs.getLong(1));
            }
            st.execute("drop table batch");
            c.commit();
        }
    }

    static Map<String, String> regions(Warehouse wh) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = wh.connect(); PreparedStatement ps = c.prepareStatement(
                "select source_id, coalesce(region, '(null)') from core.test_widget order by source_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static List<RawRecord> widgets(String... idAndRegion) {
        List<RawRecord> out = new ArrayList<>();
        for (int i = 0; i < idAndRegion.length; i += 2) {
            out.add(new RawRecord(idAndRegion[i], null, false,
                    "{\"name\":\"w" + idAndRegion[i] + "\",\"region\":\"" + idAndRegion[i + 1] + "\"}"));
        }
        return out;
    }

    @Test
    void aMigrationThatAddsACoreColumnHasItFilledFromRawByTheNextNormalize() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse wh = Warehouse.open(file, "backfill/old.txt")) {
            wh.landing().landPage("hub", "widgets", "r1", widgets("1", "EMEA", "2", "APAC"), "c1", true);
            wh.landing().landPage("hub", "widgets", "r2", widgets("2", "AMER", "3", "EMEA"), "c2", true);
            wh.landing().landPage("hub", "owners", "r2", widgets("9", "-"), "c1", true);
            normalizeWidgets(wh);
            try (Connection c = wh.connect()) {
                wh.syncState().markNormalized(c, "hub", "owners", 1);
                // the finishing SQL's own watermarks go with their streams
                wh.syncState().markNormalized(c, "hub", "widgets#finished", 4);
                wh.syncState().markNormalized(c, "hub", "owners#finished", 1);
            }
            assertThat(wh.syncState().normalizedUpTo("hub", "widgets")).isEqualTo(4);
        }
        try (Warehouse wh = Warehouse.open(file, "backfill/new.txt")) {
            // the upgrade added the column, empty, and sent the widgets stream back to the start
            assertThat(regions(wh)).isEqualTo(Map.of("1", "(null)", "2", "(null)", "3", "(null)"));
            assertThat(wh.syncState().normalizedUpTo("hub", "widgets")).isZero();
            assertThat(wh.syncState().normalizedUpTo("hub", "owners")).isEqualTo(1);
            assertThat(wh.syncState().normalizedUpTo("hub", "widgets#finished")).isZero();
            assertThat(wh.syncState().normalizedUpTo("hub", "owners#finished")).isEqualTo(1);

            normalizeWidgets(wh);

            assertThat(regions(wh)).isEqualTo(Map.of("1", "EMEA", "2", "AMER", "3", "EMEA"));
            assertThat(wh.syncState().normalizedUpTo("hub", "widgets")).isEqualTo(4);
        }
        try (Warehouse wh = Warehouse.open(file, "backfill/new.txt")) {
            // applied once: opening again resets nothing
            assertThat(wh.syncState().normalizedUpTo("hub", "widgets")).isEqualTo(4);
        }
    }

    @Test
    void renormalizeLinesNameStreamsOrEverything() {
        assertThat(Migrations.renormalizedStreams("-- renormalize: deals, opportunities\nalter table core.deal add x int;"))
                .containsExactly("deals", "opportunities");
        assertThat(Migrations.renormalizedStreams("--renormalize: *")).containsExactly("*");
        assertThat(Migrations.renormalizedStreams("create table core.x (a int); -- no directive")).isEmpty();
    }
}
