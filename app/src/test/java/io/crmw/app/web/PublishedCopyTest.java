package io.crmw.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.cli.ReadOnlyWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy {@code serve} reads follows a publish (an atomic rename over the same path) while the old one is open. */
class PublishedCopyTest {
    @TempDir
    Path dir;

    private Path publish(Path published, int value, Instant at) throws Exception {
        Path temp = dir.resolve("next.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + temp); Statement st = c.createStatement()) {
            st.execute("create table figures as select " + value + " as won_deals");
        }
        Files.setLastModifiedTime(temp, FileTime.from(at));
        Files.move(temp, published, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return published;
    }

    private static int wonDeals(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select won_deals from figures")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void readsTheNewCopyAfterAPublishWhileARequestStillReadsTheOldOne() throws Exception {
        Path published = publish(dir.resolve("published.duckdb"), 1, Instant.parse("2026-01-01T00:00:00Z"));
        try (PublishedCopy copy = new PublishedCopy(published); Connection inFlight = copy.connect()) {
            assertThat(wonDeals(inFlight)).isEqualTo(1);
            publish(published, 2, Instant.parse("2026-01-01T01:00:00Z"));
            try (Connection next = copy.connect()) {
                assertThat(wonDeals(next)).isEqualTo(2);
            }
            assertThat(wonDeals(inFlight)).as("the request in flight keeps its copy").isEqualTo(1);
            assertThat(copy.publishedAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
            // a second reader in the same process (the CLI in a test, say) gets the new copy, configured its own way
            try (Connection cli = ReadOnlyWarehouse.open(published, "a publish")) {
                assertThat(wonDeals(cli)).isEqualTo(2);
            }
        }
    }
}
