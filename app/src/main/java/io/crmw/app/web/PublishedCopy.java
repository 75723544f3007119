package io.crmw.app.web;

import io.crmw.app.cli.ReadOnlyWarehouse;
import io.crmw.app.reports.ReportCatalog;
import io.crmw.app.reports.ReportQuery;
import io.crmw.app.reports.ReportRequest;
import io.crmw.app.reports.ReportSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.duckdb.DuckDBConnection;

/**
 * The published copy as {@code serve} reads it: one read-only DuckDB database, reopened when the transform publishes
 * a new copy (an atomic rename, so a request in flight keeps reading the copy it started on), with its report catalog
 * and each report's grains read once per copy. Each request works on its own duplicate connection.
 */
public final class PublishedCopy implements AutoCloseable {
    private final Path file;
    private Object version;
    private DuckDBConnection root;
    private DuckDBConnection previous; // kept open one publish longer for requests still reading it
    private ReportCatalog catalog;
    private final Map<String, List<String>> grains = new LinkedHashMap<>();
    private Instant publishedAt;

    public PublishedCopy(Path file) {
        this.file = file;
    }

    /** A connection to the current copy; the caller closes it. */
    public Connection connect() throws SQLException {
        return current().duplicate();
    }

    public synchronized ReportCatalog catalog() throws SQLException {
        current();
        if (catalog == null) {
            try (Connection c = root.duplicate()) {
                catalog = ReportCatalog.load(c);
            }
        }
        return catalog;
    }

    /** The period grains a report can be shown by (empty when it has no period). */
    public synchronized List<String> grains(ReportSpec spec) throws SQLException {
        current();
        List<String> known = grains.get(spec.id());
        if (known == null) {
            try (Connection c = root.duplicate()) {
                known = ReportQuery.grains(c, spec);
            }
            grains.put(spec.id(), known);
        }
        return known;
    }

    /** When the copy being read was published (its file's modification time). */
    public synchronized Instant publishedAt() throws SQLException {
        current();
        return publishedAt;
    }

    private synchronized DuckDBConnection current() throws SQLException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new NoPublishedCopy(file);
        }
        Object now = List.of(Objects.toString(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
        if (root == null || !now.equals(version)) {
            DuckDBConnection fresh = (DuckDBConnection) ReadOnlyWarehouse.open(file, "`crmw sync`");
            closeQuietly(previous);
            previous = root;
            root = fresh;
            version = now;
            catalog = null;
            grains.clear();
            publishedAt = attributes.lastModifiedTime().toInstant();
            warm(fresh);
        }
        return root;
    }

    /**
     * Runs every report's default view once, in the background, so the first manager to open a report after a publish
     * reads it from DuckDB's buffers rather than from disk.
     */
    private void warm(DuckDBConnection copy) {
        Thread warmer = new Thread(() -> {
            try (Connection c = copy.duplicate()) {
                for (ReportSpec spec : ReportCatalog.load(c).all()) {
                    if (spec.columns().isEmpty() || !spec.declaresRollUp()) {
                        continue;
                    }
                    List<String> by = new java.util.ArrayList<>();
                    spec.defaultView().path("by").forEach(n -> by.add(n.asString()));
                    ReportRequest request = new ReportRequest(null, null, null, null, null, null, null, by, null, 200, 0);
                    ReportQuery.run(c, spec, request);
                    ReportQuery.run(c, spec, request.withBy(List.of()).page(null, null, 0));
                }
            } catch (SQLException | RuntimeException e) {
                // a newer copy replaced this one, or serve is stopping: warming is only a head start
            }
        }, "crmw-warm-reports");
        warmer.setDaemon(true);
        warmer.setPriority(Thread.MIN_PRIORITY);
        warmer.start();
    }

    @Override
    public synchronized void close() {
        closeQuietly(previous);
        closeQuietly(root);
        previous = null;
        root = null;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a read-only connection loses nothing
            }
        }
    }

    /** There is no published copy yet: the first sync (or the demo) makes one. */
    public static final class NoPublishedCopy extends RuntimeException {
        NoPublishedCopy(Path file) {
            super("no published copy at " + file + " yet; it appears after the first sync (`crmw sync`, a schedule, or `crmw demo`)");
        }
    }
}
