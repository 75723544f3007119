package io.crmw.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files, a lock held elsewhere and a newer schema each end in one line saying what to do. */
class WarehouseFileProblemTest {

    @TempDir
    Path dir;

    @Test
    void aFileOfGarbageIsNamedCorrupt() throws Exception {
        Path file = dir.resolve("w.duckdb");
        Files.writeString(file, "this is not a database, just garbage bytes\n".repeat(300));
        assertThatThrownBy(() -> Warehouse.open(file))
                .isInstanceOfSatisfying(WarehouseUnusableException.class, e -> assertThat(e.corrupt()).isTrue())
                .hasMessage("warehouse " + file + " is corrupt: not a DuckDB database; restore it from the published copy"
                        + " (copy crmw.published, by default data/published/w.duckdb, over it) or move it aside and run"
                        + " `crmw sync --full-refresh` to re-sync")
                .hasNoCause();
    }

    @Test
    void aTruncatedWarehouseIsNamedCorruptWhereverItWasCut() throws Exception {
        Path real = dir.resolve("real.duckdb");
        try (Warehouse wh = Warehouse.open(real); Connection c = wh.connect(); Statement st = c.createStatement()) {
            st.execute("create table raw.big as select range as id, md5(range::varchar) as h from range(300000)");
        }
        byte[] bytes = Files.readAllBytes(real);
        assertThat(bytes.length).isGreaterThan(1_000_000);
        for (int cut : new int[] {100, 4096, 12_288, bytes.length / 2, bytes.length - 4096}) {
            Path file = dir.resolve("cut" + cut + ".duckdb");
            Files.write(file, Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> Warehouse.open(file)).as("cut at %d", cut)
                    .isInstanceOfSatisfying(WarehouseUnusableException.class, e -> assertThat(e.corrupt()).isTrue())
                    .hasMessageStartingWith("warehouse " + file + " is corrupt: truncated (" + cut)
                    .hasMessageContaining("restore it from the published copy")
                    .hasMessageNotContaining("another process");
        }
        try (Warehouse wh = Warehouse.open(real)) {
            assertThat(wh.file()).isEqualTo(real); // the intact file still opens
        }
    }

    @Test
    void aLockHeldByAnotherProcessNamesItsPid() {
        Path file = dir.resolve("w.duckdb");
        SQLException duckdb = new SQLException("IO Error: Could not set lock on file \"" + file + "\": Conflicting lock is"
                + " held in /usr/lib/jvm/java-17-openjdk-amd64/bin/java (PID 4242). See also https://duckdb.org/docs");
        WarehouseUnusableException e = WarehouseFileProblem.of(file, duckdb).orElseThrow();
        assertThat(e.corrupt()).isFalse();
        assertThat(e.getMessage()).isEqualTo("warehouse " + file + " is in use by PID 4242, "
                + "/usr/lib/jvm/java-17-openjdk-amd64/bin/java (is `crmw serve` or another `crmw sync` running?);"
                + " stop it, or query the published copy instead");
        assertThat(e.getSuppressed()).containsExactly(duckdb);
        assertThat(WarehouseFileProblem.of(file, new SQLException("Catalog Error: no such table"))).isEmpty();
    }

    @Test
    void aWarehouseWrittenByANewerCrmwIsRefusedBeforeAnythingIsApplied() throws Exception {
        Path file = dir.resolve("w.duckdb");
        int known;
        try (Warehouse wh = Warehouse.open(file); Connection c = wh.connect(); Statement st = c.createStatement()) {
            known = Migrations.list().get(Migrations.list().size() - 1).version();
            st.execute("insert into meta.schema_version values (" + (known + 3) + ", 'from_the_future', now())");
        }
        String last = Migrations.list().get(Migrations.list().size() - 1).resource().substring("migrations/".length());
        assertThatThrownBy(() -> Warehouse.open(file))
                .isInstanceOfSatisfying(WarehouseUnusableException.class, e -> assertThat(e.corrupt()).isFalse())
                .hasMessage("warehouse " + file + " has schema version " + (known + 3) + ", written by a newer crmw;"
                        + " this crmw knows versions up to " + known + " (" + last + "); run the newer crmw, or point"
                        + " crmw.warehouse at a copy this version wrote");
    }
}
