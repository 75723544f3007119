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
 */
final class Migrations {

    static final String INDEX = "migrations/index.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");

    private Migrations() {}

    record Migration(int version, String name, String resource) {}

    static void apply(ConnectionSource connections) throws SQLException {
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
            for (Migration m : list()) {
                if (applied.contains(m.version())) {
                    continue;
                }
                c.setAutoCommit(false);
                try {
                    for (String sql : Sql.splitStatements(read(m.resource()))) {
                        st.execute(sql);
                    }
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

    static List<Migration> list() {
        List<Migration> out = new ArrayList<>();
        for (String line : read(INDEX).split("\\R")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(file);
            if (!m.matches()) {
                throw new WarehouseException("bad migration file name in " + INDEX + ": " + file
                        + " (expected V<number>__<name>.sql)");
            }
            out.add(new Migration(Integer.parseInt(m.group(1)), m.group(2), "migrations/" + file));
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
