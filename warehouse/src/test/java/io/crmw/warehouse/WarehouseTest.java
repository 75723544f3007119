package io.crmw.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest {

    @TempDir
    Path dir;

    static String string(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void createsParentFoldersAndAppliesMigrationsOnce() throws Exception {
        Path file = dir.resolve("a/b/warehouse.duckdb");
        try (Warehouse wh = Warehouse.open(file)) {
            assertThat(wh.file()).isEqualTo(file.toAbsolutePath().normalize());
            assertThat(Files.exists(file)).isTrue();
            try (Connection c = wh.connect()) {
                assertThat(string(c, "select string_agg(version || ':' || name, ',' order by version) from meta.schema_version"))
                        .startsWith("1:raw_and_meta,2:core,3:core_for_sales_reports"); // later migrations follow
                c.createStatement().execute("insert into meta.sync_state (source, stream, updated_at) values ('s', 'x', now())");
            }
        }
        try (Warehouse wh = Warehouse.open(file); Connection c = wh.connect()) {
            assertThat(string(c, "select count(*) = count(distinct version) and count(*) >= 3 from meta.schema_version")).isEqualTo("true");
            assertThat(string(c, "select count(*) from meta.sync_state")).isEqualTo("1");
        }
    }

    @Test
    void everyConnectionIsUtcEvenAfterAnotherChangedItsZone() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            try (Connection c = wh.connect()) {
                assertThat(string(c, "select current_setting('TimeZone')")).isEqualTo("UTC");
                c.createStatement().execute("set TimeZone = 'Asia/Tokyo'");
                assertThat(string(c, "select current_setting('TimeZone')")).isEqualTo("Asia/Tokyo");
            }
            try (Connection c = wh.connect()) {
                assertThat(string(c, "select current_setting('TimeZone')")).isEqualTo("UTC");
            }
        }
    }

    @Test
    void sameFileOpenedTwiceSharesTheRootUntilLastClose() throws Exception {
        Path file = dir.resolve("w.duckdb");
        Warehouse first = Warehouse.open(file);
        Warehouse second = Warehouse.open(file);
        assertThat(second.landing()).isSameAs(first.landing());
        first.close();
        try (Connection c = second.connect()) {
            assertThat(string(c, "select 42")).isEqualTo("42");
        }
        second.close();
    }

    @Test
    void migrationIndexListsEveryMigrationFile() throws IOException {
        Path folder = Path.of("src/main/resources/migrations");
        try (Stream<Path> files = Files.list(folder)) {
            List<String> sql = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted()
                    .collect(Collectors.toList());
            assertThat(Migrations.list()).extracting(m -> m.resource().substring("migrations/".length()))
                    .containsExactlyElementsOf(sql);
        }
    }

    @Test
    void splitsScriptsOutsideQuotesAndComments() {
        assertThat(Sql.splitStatements("-- a; comment\nselect ';' as x; /* ; */ select 2;\n-- end"))
                .containsExactly("-- a; comment\nselect ';' as x", "/* ; */ select 2");
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
        assertThat(Sql.ident("a\"b")).isEqualTo("\"a\"\"b\"");
    }
}
