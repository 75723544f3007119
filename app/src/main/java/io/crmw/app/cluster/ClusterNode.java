package io.crmw.app.cluster;

import io.crmw.app.cli.ReadOnlyWarehouse;
import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.RunsView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * This node in the cluster: its id, the nodes Quartz knows (each one's last check-in) and the syncs running on each,
 * for {@code crmw status} and {@code /actuator/health} (DOWN when the cluster database does not answer).
 */
public final class ClusterNode implements HealthIndicator {
    private final DataSource database;
    private final String nodeId;

    public ClusterNode(DataSource database, String nodeId) {
        this.database = database;
        this.nodeId = nodeId;
    }

    /** A node as Quartz's cluster table has it, with the jobs it is executing now. */
    public record Node(String id, Instant lastCheckIn, long checkinIntervalMs, List<String> running) {}

    /** Every node that checked in, with its running syncs ({@code sync.<source>}). */
    public static List<Node> nodes(Connection c) throws SQLException {
        Map<String, List<String>> running = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select instance_name, job_group, job_name from qrtz_fired_triggers "
                     + "where state = 'EXECUTING' order by fired_time")) {
            while (rs.next()) {
                running.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2) + "." + rs.getString(3));
            }
        }
        List<Node> nodes = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select instance_name, last_checkin_time, checkin_interval "
                     + "from qrtz_scheduler_state order by instance_name")) {
            while (rs.next()) {
                String id = rs.getString(1);
                nodes.add(new Node(id, Instant.ofEpochMilli(rs.getLong(2)), rs.getLong(3),
                        running.getOrDefault(id, List.of())));
            }
        }
        return nodes;
    }

    @Override
    public Health health() {
        try (Connection c = database.getConnection()) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (Node n : nodes(c)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("id", n.id());
                d.put("lastCheckIn", n.lastCheckIn().toString());
                d.put("running", n.running());
                nodes.add(d);
            }
            return Health.up().withDetail("node", nodeId).withDetail("database", "reachable")
                    .withDetail("nodes", nodes).build();
        } catch (SQLException | RuntimeException e) {
            return Health.down().withDetail("node", nodeId).withDetail("database", "cluster database unreachable: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")).build();
        }
    }

    /** Unpooled connections for advisory locks: a lock lives exactly as long as its session. */
    static DataSource locks(CrmwConfig.Cluster cluster) {
        return new DriverManagerDataSource(cluster.databaseUrl(), cluster.username(), cluster.password().reveal());
    }

    /** Convenience for the engine's configuration (same package rules). */
    public static DataSource lockSource(CrmwConfig.Cluster cluster) {
        return locks(cluster);
    }

    /**
     * Run history as of the last published copy (every cluster transform imports each source's runs before it
     * publishes); before the first publish, an empty history.
     */
    public static RunsView publishedRuns(Path published) {
        return () -> {
            if (Files.isRegularFile(published)) {
                return ReadOnlyWarehouse.open(published, "a sync");
            }
            Connection empty = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = empty.createStatement()) {
                for (String sql : io.crmw.warehouse.Sql.splitStatements(migration())) {
                    st.execute(sql);
                }
            }
            return empty;
        };
    }

    private static String migration() {
        try (InputStream in = ClusterNode.class.getClassLoader().getResourceAsStream("migrations/V001__raw_and_meta.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing migrations/V001__raw_and_meta.sql on the class path", e);
        }
    }
}
