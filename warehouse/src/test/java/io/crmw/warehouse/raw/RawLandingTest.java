package io.crmw.warehouse.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.state.SyncState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawLandingTest {

    @TempDir
    Path dir;
    Warehouse wh;
    RawLanding landing;

    @BeforeEach
    void open() {
        wh = Warehouse.open(dir.resolve("sub/w.duckdb"));
        landing = wh.landing();
    }

    @AfterEach
    void close() {
        wh.close();
    }

    static RawRecord rec(String id) {
        return new RawRecord(id, "2024-01-01T00:00:00Z", false, "{\"id\":\"" + id + "\",\"name\":\"it's\"}");
    }

    static List<RawRecord> recs(String... ids) {
        List<RawRecord> out = new ArrayList<>();
        for (String id : ids) {
            out.add(rec(id));
        }
        return out;
    }

    long scalar(String sql) throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rawTableNameReplacesDashes() {
        assertThat(RawLanding.rawTable("hubspot-main", "deal-stages")).isEqualTo("raw.\"hubspot_main__deal_stages\"");
    }

    @Test
    void landsPageAndMovesCursorTogether() throws Exception {
        LandResult r = landing.landPage("hubspot-main", "deals", "run-1",
                List.of(rec("1"), rec("2"), new RawRecord("3", null, true, "{\"id\":\"3\"}")), "c1", false);

        assertThat(r).isEqualTo(new LandResult(3, 1));
        assertThat(scalar("select count(*) from raw.hubspot_main__deals")).isEqualTo(3);
        assertThat(scalar("select count(*) from raw.hubspot_main__deals where payload->>'name' = 'it''s'")).isEqualTo(2);
        SyncState s = wh.syncState().get("hubspot-main", "deals").orElseThrow();
        assertThat(s.cursor()).isEqualTo("c1");
        assertThat(s.recordsLanded()).isEqualTo(3);
        assertThat(s.lastSuccessAt()).isNull();
        assertThat(s.updatedAt()).isNotNull();

        landing.landPage("hubspot-main", "deals", "run-1", recs("4"), "c2", true);
        s = wh.syncState().get("hubspot-main", "deals").orElseThrow();
        assertThat(s.cursor()).isEqualTo("c2");
        assertThat(s.recordsLanded()).isEqualTo(4);
        assertThat(s.lastSuccessAt()).isNotNull();
        assertThat(wh.syncState().all()).hasSize(1);
    }

    @Test
    void failureBetweenAppendAndCursorLeavesNeither() throws Exception {
        landing.landPage("s", "deals", "run-1", recs("1", "2"), "c1", false);
        landing.afterAppendHook = () -> {
            throw new IllegalStateException("killed");
        };
        assertThatThrownBy(() -> landing.landPage("s", "deals", "run-1", recs("3", "4"), "c2", false))
                .hasMessageContaining("killed");
        landing.afterAppendHook = () -> {};

        assertThat(scalar("select count(*) from raw.s__deals")).isEqualTo(2);
        assertThat(wh.syncState().get("s", "deals").orElseThrow().cursor()).isEqualTo("c1");
        assertThat(wh.syncState().get("s", "deals").orElseThrow().recordsLanded()).isEqualTo(2);

        // the next page continues the sequence after what was committed
        landing.landPage("s", "deals", "run-1", recs("3", "4"), "c2", false);
        assertThat(scalar("select count(*) from raw.s__deals")).isEqualTo(4);
        assertThat(scalar("select max(_seq) from raw.s__deals")).isEqualTo(4);
    }

    @Test
    void failureOnFirstPageOfNewStreamLeavesNoState() throws Exception {
        landing.afterAppendHook = () -> {
            throw new IllegalStateException("killed");
        };
        assertThatThrownBy(() -> landing.landPage("s", "new", "run-1", recs("1"), "c1", false));
        landing.afterAppendHook = () -> {};
        assertThat(wh.syncState().get("s", "new")).isEmpty();
        assertThat(scalar("select count(*) from raw.s__new")).isZero();
    }

    @Test
    void seqIsStrictlyIncreasingAcrossPagesThreadsAndReopen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (String stream : List.of("a", "b", "c", "d")) {
            futures.add(pool.submit(() -> {
                for (int p = 0; p < 10; p++) {
                    landing.landPage("src", stream, "run-1", recs("x" + p, "y" + p, "z" + p), "p" + p, false);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        for (String stream : List.of("a", "b", "c", "d")) {
            String t = RawLanding.rawTable("src", stream);
            assertThat(scalar("select count(*) from " + t)).isEqualTo(30);
            assertThat(scalar("select count(distinct _seq) from " + t)).isEqualTo(30);
            assertThat(scalar("select min(_seq) from " + t)).isEqualTo(1);
            assertThat(scalar("select max(_seq) from " + t)).isEqualTo(30);
            // order of _seq follows landing order (page p's rows carry cursor p)
            assertThat(scalar("select count(*) from (select _seq, _id, lag(_id) over (order by _seq) as prev from "
                    + t + ") where _id like 'x%' and prev is not null and prev not like 'z%'")).isZero();
        }
        wh.close();
        wh = Warehouse.open(dir.resolve("sub/w.duckdb"));
        wh.landing().landPage("src", "a", "run-2", recs("n"), "p10", false);
        assertThat(scalar("select _seq from raw.src__a where _id = 'n'")).isEqualTo(31);
    }

    @Test
    void tombstonesIdsNotSeenInThePassAndCountsLive() throws Exception {
        landing.startPass("s", "owners");
        landing.landPage("s", "owners", "run-1", recs("1", "2", "3"), "t1", true);
        assertThat(landing.liveCount("s", "owners")).isEqualTo(3);

        landing.startPass("s", "owners");
        SyncState pass = wh.syncState().get("s", "owners").orElseThrow();
        assertThat(pass.cursor()).isNull();
        Instant passStart = pass.passStartedAt();
        assertThat(passStart).isNotNull();
        landing.landPage("s", "owners", "run-2", recs("1"), "t1", false);
        landing.landPage("s", "owners", "run-2", recs("3"), null, true);

        assertThat(landing.tombstoneUnseen("s", "owners", "run-2", passStart)).isEqualTo(1);
        assertThat(landing.liveCount("s", "owners")).isEqualTo(2);
        assertThat(scalar("select count(*) from raw.s__owners where _id = '2' and _deleted and _run_id = 'run-2'"
                + " and payload->>'id' = '2' and _seq = 6")).isEqualTo(1);
        // already tombstoned: not again
        assertThat(landing.tombstoneUnseen("s", "owners", "run-3", Instant.now().plusSeconds(60))).isEqualTo(2);
        assertThat(landing.liveCount("s", "owners")).isZero();
        assertThat(landing.tombstoneUnseen("s", "owners", "run-4", Instant.now().plusSeconds(60))).isZero();
        assertThat(scalar("select max(_seq) from raw.s__owners")).isEqualTo(8);
    }

    @Test
    void liveCountOfUnknownStreamIsZero() {
        assertThat(landing.liveCount("nope", "nothing")).isZero();
    }

    @Test
    void deletedThenRecreatedIsLive() {
        landing.landPage("s", "deals", "r", List.of(rec("1"), new RawRecord("1", null, true, "{}")), "c", false);
        assertThat(landing.liveCount("s", "deals")).isZero();
        landing.landPage("s", "deals", "r", recs("1"), "d", false);
        assertThat(landing.liveCount("s", "deals")).isEqualTo(1);
    }
}
