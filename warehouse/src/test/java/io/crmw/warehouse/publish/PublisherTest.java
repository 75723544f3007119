package io.crmw.warehouse.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {

    @TempDir
    Path dir;

    static long count(Path file, String sql) throws Exception {
        Properties ro = new Properties();
        ro.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, ro);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void publishesAReadableCopyAndReplacesItAtomically() throws Exception {
        Path target = dir.resolve("published/warehouse.duckdb");
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            wh.landing().landPage("s", "deals", "r1", List.of(new RawRecord("1", null, false, "{\"a\":1}")), "c1", true);
            Publisher.publish(wh, target, true);
            assertThat(count(target, "select count(*) from raw.s__deals")).isEqualTo(1);
            assertThat(count(target, "select count(*) from meta.sync_state where cursor = 'c1'")).isEqualTo(1);
            assertThat(count(target, "select count(*) from meta.schema_version")).isGreaterThanOrEqualTo(3);

            wh.landing().landPage("s", "deals", "r1", List.of(new RawRecord("2", null, false, "{\"a\":2}")), "c2", true);
            Publisher.publish(wh, target, true);
            assertThat(count(target, "select count(*) from raw.s__deals")).isEqualTo(2);
            // the working file is still writable after publishing
            wh.landing().landPage("s", "deals", "r1", List.of(new RawRecord("3", null, false, "{}")), "c3", true);
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("warehouse.duckdb");
        }
    }

    static String strings(Path file, String sql) throws Exception {
        Properties ro = new Properties();
        ro.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, ro);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theCopyHoldsCoreReportsAndRunHistoryButNoRawPayloads() throws Exception {
        Path target = dir.resolve("published/warehouse.duckdb");
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            wh.landing().landPage("s", "contacts", "r1",
                    List.of(new RawRecord("1", null, false, "{\"email\":\"ann@example.com\"}")), "c1", true);
            wh.landing().startIdPass("s", "contacts");
            wh.landing().landIds("s", "contacts", List.of("1"));
            wh.runs().startRun("r1", "s", "test", false);
            try (Connection c = wh.connect(); Statement st = c.createStatement()) {
                st.execute("create table core.t (x int)");
                st.execute("insert into core.t values (1), (2)");
                st.execute("create macro core.twice(v) as v * 2");
                st.execute("create view reports.v as select core.twice(x) as y from core.t");
                st.execute("create schema scratch");
                st.execute("create table scratch.tmp as select 'ann@example.com' as email");
            }
            Publisher.publish(wh, target);
        }
        assertThat(strings(target, "select string_agg(distinct schema_name, ',' order by schema_name) from duckdb_schemas()"
                + " where not internal and schema_name <> 'main'")).isEqualTo("core,meta,reports");
        assertThat(count(target, "select count(*) from duckdb_tables() where schema_name = 'raw'")).isZero();
        assertThat(count(target, "select sum(y) from reports.v")).isEqualTo(6);
        assertThat(count(target, "select count(*) from meta.sync_run where run_id = 'r1'")).isEqualTo(1);
        assertThat(count(target, "select count(*) from meta.sync_state where cursor = 'c1'")).isEqualTo(1);
        assertThat(count(target, "select count(*) from meta.schema_version")).isGreaterThanOrEqualTo(4);
        assertThat(strings(target, "select string_agg(table_name, ',' order by table_name) from duckdb_tables()"
                + " where schema_name = 'meta'"))
                .isEqualTo("model_build,model_source,normalize_state,schema_version,stream_run,sync_run,sync_state,transform_run");
        // no byte of a raw payload reaches the file
        assertThat(new String(Files.readAllBytes(target), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("ann@example.com");
    }
}
