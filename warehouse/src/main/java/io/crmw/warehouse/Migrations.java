package io.crmw.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@code migrations/V<nnn>__<name>.sql} in version order, each in its own transaction together
 * with its {@code meta.schema_version} row. The files are listed in {@code migrations/index.txt} so that
 * they are found inside jars too (a test checks the index against the folder).
 *
 * <p>A warehouse that records a version this code does not have was written by a newer crmw and is refused
 * before anything is applied. A migration that adds core columns fills them from raw by naming the streams to
 * re-normalize in a header line, {@code -- renormalize: deals, opportunities} (or {@code *}): their
 * normalization watermarks go back to 0 in the migration's transaction, so the next normalize re-maps every
 * id's latest raw version into core (the mappers upsert, so nothing doubles).
 */
final class Migrations {

    static final String INDEX = "migrations/index.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");
    private static final Pattern RENORMALIZE = Pattern.compile("(?m)^--\\s*renormalize:\\s*(.+)$");

    private Migrations() {}

    record Migration(int version, String name, String resource) {}

    static void apply(ConnectionSource connections) throws SQLException {
        apply(connections, INDEX, null);
    }

    /** Applies the migrations listed in {@code index}; {@code file} names the warehouse in errors. */
    static void apply(ConnectionSource connections, String index, java.nio.file.Path file) throws SQLException {
        try (Connection c = connections.connect(); Statement st = c.createStatement()) {
            st.execute("create schema if not exists meta");
            st.execute("create table if not exists meta.schema_version ("
                    + "version integer not null, name varchar not null, applied_at timestamptz not null)");
            Set<Integer> applied = new HashSet<>();
            try (ResultSet rs = st.executeQuery("select version from meta.schema_version")) {
                while (rs.next()) {
                    applied.add(rs.getInt(1));
                }
            }
            List<Migration> known = list(index);
            refuseNewer(file, applied, known);
            for (Migration m : known) {
                if (applied.contains(m.version())) {
                    continue;
                }
                c.setAutoCommit(false);
                try {
                    String script = read(m.resource());
                    for (String sql : Sql.splitStatements(script)) {
                        st.execute(sql);
                    }
                    resetWatermarks(st, renormalizedStreams(script));
                    try (PreparedStatement ps = c.prepareStatement(
                            "insert into meta.schema_version values (?, ?, now())")) {
                        ps.setInt(1, m.version());
                        ps.setString(2, m.name());
                        ps.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw new SQLException("migration " + m.resource() + " failed: " + e.getMessage(), e);
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    private static void refuseNewer(java.nio.file.Path file, Set<Integer> applied, List<Migration> known) {
        int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
        Migration last = known.isEmpty() ? null : known.get(known.size() - 1);
        int knownNewest = last == null ? 0 : last.version();
        if (newest > knownNewest) {
            throw new WarehouseUnusableException("warehouse " + (file == null ? "" : file + " ") + "has schema version "
                    + newest + ", written by a newer crmw; this crmw knows versions up to " + knownNewest
                    + (last == null ? "" : " (" + last.resource().substring(last.resource().lastIndexOf('/') + 1) + ")")
                    + "; run the newer crmw, or point crmw.warehouse at a copy this version wrote", false, null);
        }
    }

    /** The streams a migration's {@code -- renormalize:} lines name; {@code *} means every stream. */
    static List<String> renormalizedStreams(String script) {
        List<String> out = new ArrayList<>();
        Matcher m = RENORMALIZE.matcher(script);
        while (m.find()) {
            for (String stream : m.group(1).split(",")) {
                if (!stream.isBlank()) {
                    out.add(stream.strip());
                }
            }
        }
        return out;
    }

    private static void resetWatermarks(Statement st, List<String> streams) throws SQLException {
        if (streams.isEmpty()) {
            return;
        }
        // a stream's finishing SQL keeps its own watermark as '<stream>#finished': redone with the stream
        String where = streams.contains("*") ? ""
                : " where split_part(stream, '#', 1) in ("
                        + String.join(", ", streams.stream().map(Sql::literal).toList()) + ")";
        st.execute("update meta.normalize_state set last_seq = 0, updated_at = now()" + where);
    }

    static List<Migration> list() {
        return list(INDEX);
    }

    static List<Migration> list(String index) {
        String folder = index.contains("/") ? index.substring(0, index.lastIndexOf('/') + 1) : "";
        List<Migration> out = new ArrayList<>();
        for (String line : read(index).split("\\R")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            // a line with a folder is a classpath resource of its own (test indexes reuse the real migrations)
            String resource = file.contains("/") ? file : folder + file;
            Matcher m = NAME.matcher(file.substring(file.lastIndexOf('/') + 1));
            if (!m.matches()) {
                throw new WarehouseException("bad migration file name in " + index + ": " + file
                        + " (expected V<number>__<name>.sql)");
            }
            out.add(new Migration(Integer.parseInt(m.group(1)), m.group(2), resource));
        }
        out.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return out;
    }

    static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new WarehouseException("resource not found on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
