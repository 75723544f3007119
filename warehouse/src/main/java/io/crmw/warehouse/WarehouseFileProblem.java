package io.crmw.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a warehouse file that another process holds from one that is damaged, from DuckDB's open errors and the
 * file's size, so the user reads one line saying which and what to do instead of a stack trace.
 */
public final class WarehouseFileProblem {

    /** DuckDB names the holder: {@code Conflicting lock is held in /usr/bin/java (PID 1234)}. */
    private static final Pattern HOLDER = Pattern.compile("Conflicting lock is held in (.+?) \\(PID (\\d+)\\)");
    /** The three 4 KiB headers before the first block. */
    private static final long HEADER_BYTES = 3 * 4096L;

    private WarehouseFileProblem() {}

    /** What an open of {@code file} failing with {@code e} means, when it is a lock or a damaged file. */
    public static Optional<WarehouseUnusableException> of(Path file, SQLException e) {
        String m = String.valueOf(e.getMessage());
        Matcher holder = HOLDER.matcher(m);
        if (holder.find()) {
            return Optional.of(locked(file, "PID " + holder.group(2) + ", " + holder.group(1), e));
        }
        if (m.contains("Could not set lock on file")) {
            return Optional.of(locked(file, "another process", e));
        }
        if (m.contains("not a valid DuckDB database file")) {
            return Optional.of(corrupt(file, "not a DuckDB database", e));
        }
        if (m.contains("Could not read enough bytes from file")) {
            return Optional.of(corrupt(file, "truncated (" + size(file) + " bytes)", e));
        }
        if (m.contains("Corrupt database file") || m.contains("INTERNAL Error") && m.contains("checksum")
                || m.contains("Failed to read checksum") || m.contains("Corrupted")) {
            return Optional.of(corrupt(file, "damaged (" + firstLine(m) + ")", e));
        }
        return Optional.empty();
    }

    /**
     * DuckDB opens a file that lost its tail and fails only when a missing block is read. A healthy file is its three
     * headers plus whole blocks, and holds at least its blocks in use; a file whose writer was killed may lack the
     * last few blocks still on the free list (it was never written out), which is not damage. So a file is truncated
     * when its size is not headers plus whole blocks, or it holds fewer blocks than are in use.
     */
    static void checkComplete(Path file, Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select total_blocks, free_blocks, block_size from pragma_database_size()"
                     + " where database_name = current_database()")) {
            if (!rs.next()) {
                return;
            }
            long blockSize = rs.getLong(3);
            long inUse = rs.getLong(1) - rs.getLong(2);
            long actual = size(file);
            if (actual < 0 || blockSize <= 0 || rs.getLong(1) == 0) {
                return;
            }
            boolean wholeBlocks = actual >= HEADER_BYTES && (actual - HEADER_BYTES) % blockSize == 0;
            if (!wholeBlocks || (actual - HEADER_BYTES) / blockSize < inUse) {
                throw corrupt(file, "truncated (" + actual + " bytes for " + inUse + " blocks in use of "
                        + blockSize + " bytes)", null);
            }
        }
    }

    static WarehouseUnusableException corrupt(Path file, String what, Throwable detail) {
        return new WarehouseUnusableException("warehouse " + file + " is corrupt: " + what + "; restore it from the published copy"
                + " (copy crmw.published, by default data/published/" + file.getFileName() + ", over it) or move it"
                + " aside and run `crmw sync --full-refresh` to re-sync", true, detail);
    }

    private static WarehouseUnusableException locked(Path file, String holder, Throwable detail) {
        return new WarehouseUnusableException("warehouse " + file + " is in use by " + holder + " (is `crmw serve` or another `crmw sync`"
                + " running?); stop it, or query the published copy instead", false, detail);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String firstLine(String m) {
        return m.lines().findFirst().orElse(m);
    }
}
