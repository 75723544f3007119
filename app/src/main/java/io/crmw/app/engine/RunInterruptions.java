package io.crmw.app.engine;

import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Marks the runs of a stopping process {@code interrupted}: a run-once `crmw sync` that gets SIGTERM (or Ctrl-C)
 * would otherwise leave {@code meta.sync_run} and {@code meta.stream_run} saying {@code running} until the next run.
 */
public final class RunInterruptions {
    public static final String INTERRUPTED = "interrupted";
    static final String MESSAGE = "interrupted: crmw was stopped (SIGTERM or Ctrl-C) during the run; the pages "
            + "landed so far are kept and the next run resumes from the last committed page";

    private RunInterruptions() {}

    /**
     * Marks the {@code running} runs and streams of {@code sources} interrupted, in one transaction; returns the run ids.
     * Call {@link #keepInterrupted} once the streams have stopped: a run's own end may have overwritten the mark.
     */
    public static List<String> markInterrupted(Warehouse warehouse, Collection<String> sources) {
        if (sources.isEmpty()) {
            return List.of();
        }
        return retrying(() -> mark(warehouse, sources));
    }

    /** Sets the runs {@code runIds} (marked before) and their streams still {@code running} interrupted again. */
    public static void keepInterrupted(Warehouse warehouse, List<String> runIds) {
        if (!runIds.isEmpty()) {
            retrying(() -> write(warehouse, runIds, " where status = 'running' and run_id in (", " where run_id in ("));
        }
    }

    private interface Write<T> {
        T run();
    }

    private static <T> T retrying(Write<T> write) {
        // stream threads are still writing their rows: a write-write conflict is retried a few times
        for (int attempt = 1; ; attempt++) {
            try {
                return write.run();
            } catch (IllegalStateException e) {
                if (attempt == 20 || !String.valueOf(e.getMessage()).contains("Conflict")) {
                    throw e;
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static List<String> mark(Warehouse warehouse, Collection<String> sources) {
        List<String> names = List.copyOf(sources);
        List<String> runIds = new java.util.ArrayList<>();
        try (Connection c = warehouse.connect();
             PreparedStatement ps = c.prepareStatement("select run_id from meta.sync_run where status = 'running'"
                     + " and source in (" + marks(names.size()) + ")")) {
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 1, names.get(i));
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    runIds.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failed(warehouse, e);
        }
        if (!runIds.isEmpty()) {
            write(warehouse, runIds, " where status = 'running' and run_id in (", " where status = 'running' and run_id in (");
        }
        return runIds;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static IllegalStateException failed(Warehouse warehouse, SQLException e) {
        return new IllegalStateException("could not mark the running sync as interrupted in " + warehouse.file()
                + "; the next run marks it: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }

    private static List<String> write(Warehouse warehouse, List<String> runIds, String streamWhere, String runWhere) {
        String in = marks(runIds.size()) + ")";
        try (Connection c = warehouse.connect()) {
            c.setAutoCommit(false);
            try {
                update(c, "update meta.stream_run set status = '" + INTERRUPTED + "', finished_at = now(), error = ?"
                        + streamWhere + in, runIds);
                update(c, "update meta.sync_run set status = '" + INTERRUPTED + "', finished_at = now(),"
                        + " error = ?" + runWhere + in, runIds);
                c.commit();
                return runIds;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(warehouse, e);
        }
    }

    private static int update(Connection c, String sql, List<String> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, MESSAGE);
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 2, values.get(i));
            }
            return ps.executeUpdate();
        }
    }
}
