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
            Publisher.publish(wh, target);
            assertThat(count(target, "select count(*) from raw.s__deals")).isEqualTo(1);
            assertThat(count(target, "select count(*) from meta.sync_state where cursor = 'c1'")).isEqualTo(1);
            assertThat(count(target, "select count(*) from meta.schema_version")).isGreaterThanOrEqualTo(3);

            wh.landing().landPage("s", "deals", "r1", List.of(new RawRecord("2", null, false, "{\"a\":2}")), "c2", true);
            Publisher.publish(wh, target);
            assertThat(count(target, "select count(*) from raw.s__deals")).isEqualTo(2);
            // the working file is still writable after publishing
            wh.landing().landPage("s", "deals", "r1", List.of(new RawRecord("3", null, false, "{}")), "c3", true);
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("warehouse.duckdb");
        }
    }
}
