package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public hooks: building under another session TimeZone, and timing each model. */
class ModelRunnerHooksTest {

    @TempDir
    Path dir;
    Warehouse wh;

    @BeforeEach
    void open() throws Exception {
        wh = Warehouse.open(dir.resolve("w.duckdb"));
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            st.execute("create table main.input (k integer, v integer)");
            st.execute("insert into main.input values (1, 10), (2, 20)");
        }
    }

    @AfterEach
    void close() {
        wh.close();
    }

    private String builtUnder() throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select zone from core.session")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void buildsUnderUtcByDefaultAndUnderTheGivenSessionZoneOnRequest() throws Exception {
        new ModelRunner(wh, Map.of(), "sessionmodels").run("utc");
        assertThat(builtUnder()).isEqualTo("UTC");

        new ModelRunner(wh, Map.of(), "sessionmodels").sessionTimeZone(ZoneId.of("Pacific/Kiritimati")).run("kiritimati");
        assertThat(builtUnder()).isEqualTo("Pacific/Kiritimati");

        // the zone is the runner's session only: other connections keep UTC
        try (Connection c = wh.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_setting('TimeZone')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("UTC");
        }
    }

    @Test
    void reportsEveryModelWithItsBuildTimeInBuildOrder() {
        List<String> names = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        new ModelRunner(wh, Map.of("greeting", "hi", "as_of_date", "2024-02-15"), "testmodels")
                .onModelBuilt((model, elapsed) -> {
                    names.add(model);
                    nanos.add(elapsed);
                })
                .onPhase((phase, elapsed) -> {
                    names.add("(" + phase + ")");
                    nanos.add(elapsed);
                })
                .run("timed");

        // what is not a model is timed too: finding changes before the first model, data tests and commit after the last
        assertThat(names).containsExactly("(changes)", "reports.base", "core.alpha", "core.zeta", "reports.x",
                "(data tests)", "(commit)");
        assertThat(nanos).allSatisfy(n -> assertThat(n).isPositive());
    }
}
