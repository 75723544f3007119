package io.crmw.warehouse.model;

import io.crmw.warehouse.Sql;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.WarehouseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ObjLongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the SQL models ({@code models/<schema>/<table>.sql}, listed in {@code models/index.txt}) in
 * dependency order and runs their data tests, all in ONE transaction: a failing model or test rolls the
 * whole build back, so readers keep the previous tables. Variables {@code ${name}} are substituted as SQL
 * string literals. The build is recorded in {@code meta.transform_run}. SQL macros shared by models
 * ({@code macros/<name>.sql}, one {@code create or replace macro} each, also listed in the index) are defined
 * first, in the same transaction. The data tests are each model's unique key and declared column tests
 * ({@link ColumnTest}: not_null, accepted_values, relationships), its own {@code -- test} queries and the singular
 * tests under {@code tests/}; a failure names the model, the test (kind and column) and up to 5 offending rows.
 *
 * <p>Only what changed is rebuilt ({@link BuildState}): a model whose inputs did not change since the last successful
 * build is kept; one that declares {@link Model.Incremental} and whose inputs changed only for some deals has just
 * those slices deleted and selected again (or, {@code by delta}, the changed deals' difference added to the rows they
 * touch); any other is rebuilt in full, and a small table rebuilt in full with the
 * same rows counts as unchanged for the models that read it. {@link #full(boolean)}, a changed hash (SQL, variables,
 * macros, reference files), a first build and {@link #fullRebuildEvery(Duration)} force full rebuilds. Data tests run
 * on the rebuilt slices where they are per slice, on the whole table after a full rebuild, not at all on a kept one.
 */
public final class ModelRunner {

    public static final String DEFAULT_ROOT = "models";
    static final int SHOWN_ROWS = 5;

    private static final String IN_SLICE = "${in_slice(";
    /** An alias after a table name: a word that is not the keyword going on with the query. */
    private static final String ALIAS_FOLLOWS = "(?=\\s+(?:as\\s+)?(?!(?:where|join|left|right|inner|full|cross|anti|semi"
            + "|positional|asof|natural|group|order|on|limit|union|except|intersect|having|qualify|window|using)\\b)"
            + "[a-z_])";
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern REFERENCE = Pattern.compile(
            "(?i)\\b([a-z_][a-z0-9_]*)\\s*\\.\\s*\"?([a-z_][a-z0-9_]*)\"?");
    private static final Pattern STRINGS_AND_COMMENTS = Pattern.compile("'(?:[^']|'')*'|--[^\\n]*|/\\*.*?\\*/",
            Pattern.DOTALL);

    private final Warehouse wh;
    private final Map<String, String> vars;
    private final String root;
    /** Extra session SQL run before the build; tests use it to prove the session zone does not matter. */
    String sessionSql;
    private ObjLongConsumer<String> onModelBuilt = (model, nanos) -> { };
    private ObjLongConsumer<String> onPhase = (phase, nanos) -> { };
    private ObjLongConsumer<String> onTest = (test, nanos) -> { };
    private boolean full;
    private Duration fullRebuildEvery;
    private final Map<String, String> lastBuild = new LinkedHashMap<>();

    public ModelRunner(Warehouse wh, Map<String, String> vars) {
        this(wh, vars, DEFAULT_ROOT);
    }

    /** Runs the models of another classpath folder (with its own {@code index.txt}); used by tests. */
    public ModelRunner(Warehouse wh, Map<String, String> vars, String resourceRoot) {
        this.wh = wh;
        Map<String, String> v = new HashMap<>();
        v.put("as_of_date", LocalDate.now(ZoneOffset.UTC).toString());
        v.putAll(vars);
        this.vars = Map.copyOf(v);
        this.root = resourceRoot;
    }

    /**
     * Builds under this DuckDB session {@code TimeZone} instead of the warehouse's UTC. The reports bucket by
     * the configured reporting zone explicitly, so the tables must come out identical; tests prove it with this.
     */
    public ModelRunner sessionTimeZone(ZoneId zone) {
        this.sessionSql = "set TimeZone = " + Sql.literal(zone.getId());
        return this;
    }

    /** Called after each model is built, with its name ({@code schema.table}) and build time in nanoseconds. */
    public ModelRunner onModelBuilt(ObjLongConsumer<String> listener) {
        this.onModelBuilt = listener;
        return this;
    }

    /**
     * Called after each phase of a build that is not a model, with its name and time in nanoseconds: {@code changes}
     * (finding what changed since the last build and the slices it touches), {@code data tests} and {@code commit}.
     */
    public ModelRunner onPhase(ObjLongConsumer<String> listener) {
        this.onPhase = listener;
        return this;
    }

    /**
     * Called after each data test query with {@code <model> <test>} and its time in nanoseconds (the unique keys' hash
     * pre-check and the one scan answering a model's not_null tests included), for the benchmark's slowest tests.
     */
    public ModelRunner onTest(ObjLongConsumer<String> listener) {
        this.onTest = listener;
        return this;
    }

    /** Rebuilds every model in full (and runs every data test on everything), whatever changed. */
    public ModelRunner full(boolean full) {
        this.full = full;
        return this;
    }

    /** A model last built in full longer ago than this is built in full again (null: only when it must be). */
    public ModelRunner fullRebuildEvery(Duration every) {
        this.fullRebuildEvery = every;
        return this;
    }

    /**
     * How each model was built by the last {@link #run}: {@code full}, {@code incremental} (its changed slices only)
     * or {@code unchanged} (nothing it reads changed, or a full rebuild gave the same rows).
     */
    public Map<String, String> lastBuild() {
        return Map.copyOf(lastBuild);
    }

    /** The models in build order. */
    public List<String> buildOrder() {
        return order(loadModels()).stream().map(Model::name).collect(Collectors.toList());
    }

    /**
     * Builds every model and runs every data test. Throws {@link ModelBuildException} (after rolling back
     * and recording the failed run) when a model fails to build or any test finds offending rows.
     */
    public TransformResult run(String runId) {
        wh.runs().startTransform(runId);
        lastBuild.clear();
        slicesWithNull.clear();
        slicedRows.clear();
        unsliced.clear();
        int built = 0;
        int testsRun = 0;
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            List<Model> models = order(loadModels());
            Map<String, String> macros = loadMacros();
            Map<String, String> singular = loadSingularTests();
            Set<String> modelNames = models.stream().map(Model::name).collect(Collectors.toSet());
            try (Connection c = wh.connect(); Statement st = c.createStatement()) {
                if (sessionSql != null) {
                    st.execute(sessionSql);
                }
                c.setAutoCommit(false);
                try {
                    for (Map.Entry<String, String> macro : macros.entrySet()) {
                        define(st, macro.getKey(), macro.getValue());
                    }
                    Set<String> existing = existingTables(st);
                    Map<String, Set<String>> reads = new LinkedHashMap<>();
                    Set<String> sources = new TreeSet<>();
                    for (Model m : models) {
                        Set<String> r = references(m.sql(), existing, modelNames);
                        reads.put(m.name(), r);
                        r.stream().filter(t -> !modelNames.contains(t)).forEach(sources::add);
                    }
                    // the models another model reads: only their full rebuilds are worth comparing with their old rows
                    Set<String> readByModels = new java.util.HashSet<>();
                    reads.values().forEach(readByModels::addAll);
                    long phaseStarted = System.nanoTime();
                    BuildState state = BuildState.read(st);
                    // a migration may have re-normalized core with the rows' old synced_at: rebuild everything after one
                    try (ResultSet rs = st.executeQuery("select max(version) from meta.schema_version")) {
                        schemaVersion = rs.next() ? rs.getString(1) : null;
                    }
                    long changedDeals = state.detectChanges(st, sources);
                    String macroText = String.join("\n", macros.values());
                    Map<String, String> hashes = new LinkedHashMap<>();
                    for (Model m : models) {
                        hashes.put(m.name(), hash(m, macroText));
                    }
                    // deals that a changed deal affects (declared by key models), then the periods all of them were in,
                    // before anything is rebuilt
                    for (Model m : models) {
                        if (m.incremental() != null && !m.incremental().byPeriod() && m.incremental().sliceSql() != null
                                && !full && existing.contains(m.name()) && state.built(m.name()) != null) {
                            try {
                                st.execute("insert into changed_deal select * from (" + substitute(m.name(),
                                        m.incremental().sliceSql()) + ") as q(deal_id) except select deal_id from changed_deal");
                            } catch (SQLException e) {
                                throw new ModelFailed("model build rolled back, the previous tables are kept: model "
                                        + m.name() + " (" + m.resource() + "): its query for the affected deals failed: "
                                        + e.getMessage(), e);
                            }
                        }
                    }
                    for (Model m : models) {
                        if (m.incremental() != null && m.incremental().byPeriod() && !full && existing.contains(m.name())
                                && state.built(m.name()) != null
                                && state.built(m.name()).hash().equals(hashes.get(m.name()))) {
                            try {
                                st.execute("create or replace temp table " + sliceTable(m, "before") + " as "
                                        + sliceQuery(m));
                            } catch (SQLException e) {
                                throw new ModelFailed("model build rolled back, the previous tables are kept: model "
                                        + m.name() + " (" + m.resource() + "): its incremental slice query failed: "
                                        + e.getMessage(), e);
                            }
                        }
                    }
                    // the changed deals' rows of the models that add up differences, from the inputs as they still are
                    boolean dealsSliceMade = false;
                    Set<String> deltaReady = new java.util.HashSet<>();
                    for (Model m : models) {
                        if (m.incremental() != null && m.incremental().byDelta() && !full && changedDeals > 0
                                && existing.contains(m.name()) && state.built(m.name()) != null
                                && state.built(m.name()).hash().equals(hashes.get(m.name()))
                                && !state.fullRebuildDue(m.name(), fullRebuildEvery, Instant.now())
                                && readsLastBuild(m.name(), reads, modelNames, byName(models), state)) {
                            try {
                                if (!dealsSliceMade) {
                                    st.execute("create or replace temp table " + CHANGED_DEALS_SLICE
                                            + " as select distinct deal_id as slice from changed_deal");
                                    dealsSliceMade = true;
                                }
                                st.execute("create or replace temp table " + sliceTable(m, "before") + " as "
                                        + substitute(m.name(), m.sql(), CHANGED_DEALS_SLICE));
                                deltaReady.add(m.name());
                            } catch (SQLException e) {
                                throw new ModelFailed("model build rolled back, the previous tables are kept: model "
                                        + m.name() + " (" + m.resource() + "): its rows of the changed deals failed: "
                                        + e.getMessage(), e);
                            }
                        }
                    }
                    onPhase.accept("changes", System.nanoTime() - phaseStarted);
                    Instant at = Instant.now();
                    Map<String, BuildState.Change> changes = new HashMap<>();
                    for (Model m : models) {
                        BuildState.Change inputs = BuildState.Change.NONE;
                        for (String r : reads.get(m.name())) {
                            BuildState.Change ch = modelNames.contains(r) ? changes.get(r) : state.sourceChange(r);
                            if (ch.compareTo(inputs) > 0) {
                                inputs = ch;
                            }
                        }
                        BuildState.Built before = state.built(m.name());
                        boolean mustRebuild = full || before == null || !before.hash().equals(hashes.get(m.name()))
                                || !existing.contains(m.name()) || state.fullRebuildDue(m.name(), fullRebuildEvery, at);
                        String how;
                        long started = System.nanoTime();
                        if (m.view()) {
                            if (mustRebuild) {
                                build(st, m);
                            }
                            how = mustRebuild ? "full" : "unchanged";
                            changes.put(m.name(), mustRebuild ? BuildState.Change.REBUILT : inputs);
                        } else if (!mustRebuild && inputs == BuildState.Change.NONE) {
                            how = "unchanged";
                            changes.put(m.name(), BuildState.Change.NONE);
                        } else if (!mustRebuild && inputs == BuildState.Change.SLICED && m.incremental() != null
                                && (!m.incremental().byDelta() || deltaReady.contains(m.name()))) {
                            // rows outside the slices come out the same either way, so what reads it sees slices changed
                            how = buildSlices(st, m) ? "incremental" : "full";
                            changes.put(m.name(), BuildState.Change.SLICED);
                            if (!unsliced.contains(m.name())) {
                                slicedRows.add(m.name());
                            }
                        } else {
                            // a full rebuild that gave the same rows changes nothing downstream (a model no other
                            // model reads has nothing downstream: comparing would only cost a copy and two scans)
                            boolean same = rebuildAndCompare(st, m, existing.contains(m.name()) && before != null
                                    && readByModels.contains(m.name()));
                            if (m.incremental() != null && m.incremental().byDelta()) {
                                measureColumns(st, m); // a misnamed measure fails its first build, not the next sync
                            }
                            how = "full";
                            changes.put(m.name(), same ? BuildState.Change.NONE : BuildState.Change.REBUILT);
                        }
                        lastBuild.put(m.name(), how);
                        if (!how.equals("unchanged")) {
                            onModelBuilt.accept(m.name(), System.nanoTime() - started);
                        }
                        built++;
                    }
                    phaseStarted = System.nanoTime();
                    for (Model m : models) {
                        String how = lastBuild.get(m.name());
                        if (how.equals("unchanged") || m.view()) {
                            continue; // no row changed: its tests found nothing last time
                        }
                        String target = slicedRows.contains(m.name())
                                ? "(select * from " + m.name() + " where " + inSlice(m.incremental().column(),
                                        sliceTable(m, "now")) + ")"
                                : m.name();
                        if (!m.uniqueKey().isEmpty()) {
                            String cols = String.join(", ", m.uniqueKey());
                            testsRun++;
                            long started = System.nanoTime();
                            boolean mayHave = mayHaveDuplicates(st, cols, target);
                            onTest.accept(m.name() + " unique(" + cols + ") hash check", System.nanoTime() - started);
                            if (mayHave) {
                                check(st, m.name(), "unique(" + cols + ")", "select " + cols + ", count(*) as duplicates from "
                                        + target + " group by all having count(*) > 1", failures);
                            }
                        }
                        List<String> shown = new ArrayList<>(m.uniqueKey());
                        long scanStarted = System.nanoTime();
                        Set<String> nullFree = nullFreeColumns(st, m, target);
                        onTest.accept(m.name() + " not_null scan", System.nanoTime() - scanStarted);
                        for (ColumnTest t : m.columnTests()) {
                            testsRun++;
                            if (t instanceof ColumnTest.NotNull && nullFree.contains(t.column())) {
                                continue; // one scan of the model answered every not_null at once
                            }
                            List<String> columns = new ArrayList<>(shown);
                            if (!columns.contains(t.column())) {
                                columns.add(t.column());
                            }
                            check(st, m.name(), t.name(), t.sql(target, columns), failures);
                        }
                        for (Map.Entry<String, String> t : m.tests().entrySet()) {
                            testsRun++;
                            check(st, m.name(), t.getKey(), testOnSlice(m, how, t.getValue(), existing, modelNames),
                                    failures);
                        }
                        for (Map.Entry<String, String> w : m.warnings().entrySet()) {
                            testsRun++;
                            warn(st, m.name(), w.getKey(), testOnSlice(m, how, w.getValue(), existing, modelNames),
                                    warnings, failures);
                        }
                    }
                    for (Map.Entry<String, String> t : singular.entrySet()) {
                        // a singular test runs when a model it reads was rebuilt or a table it reads changed
                        boolean affected = references(t.getValue(), existing, modelNames).stream()
                                .anyMatch(r -> modelNames.contains(r)
                                        ? !"unchanged".equals(lastBuild.getOrDefault(r, "full"))
                                        : full || state.sourceChange(r) != BuildState.Change.NONE);
                        if (affected) {
                            testsRun++;
                            check(st, "tests", t.getKey(), substitute("tests/" + t.getKey(), t.getValue()), failures);
                        }
                    }
                    onPhase.accept("data tests", System.nanoTime() - phaseStarted);
                    if (!failures.isEmpty()) {
                        throw new DataTestsFailed();
                    }
                    phaseStarted = System.nanoTime();
                    state.record(st, runId, hashes, lastBuild);
                    c.commit();
                    onPhase.accept("commit", System.nanoTime() - phaseStarted);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            wh.runs().finishTransform(runId, "succeeded", built, testsRun, 0, null);
            if (!warnings.isEmpty()) {
                wh.runs().transformWarnings(runId, String.join("\n", warnings));
            }
            return new TransformResult(built, testsRun, failures, warnings);
        } catch (DataTestsFailed e) {
            String message = "model build rolled back, the previous tables are kept: " + failures.size()
                    + " data test(s) failed:\n" + String.join("\n", failures);
            wh.runs().finishTransform(runId, "failed", built, testsRun, failures.size(), message);
            throw new ModelBuildException(message, new TransformResult(built, testsRun, failures), null);
        } catch (SQLException | RuntimeException e) {
            String message = e instanceof ModelFailed ? e.getMessage()
                    : "model build rolled back, the previous tables are kept: " + e.getMessage();
            wh.runs().finishTransform(runId, "failed", built, testsRun, failures.size(), message);
            throw new ModelBuildException(message, new TransformResult(built, testsRun, failures), e);
        }
    }

    /** Small tables are compared with their previous rows after a full rebuild: unchanged ones change nothing below. */
    static final long COMPARED_ROWS = 200_000;

    /** Rebuilds the model in full; true when it held exactly the same rows before (then nothing downstream changed). */
    private boolean rebuildAndCompare(Statement st, Model m, boolean existed) throws SQLException {
        boolean compare = false;
        if (existed) {
            try (ResultSet rs = st.executeQuery("select count(*) from " + m.name())) {
                rs.next();
                compare = rs.getLong(1) <= COMPARED_ROWS;
            }
        }
        if (compare) {
            st.execute("create or replace temp table previous_rows as select * from " + m.name());
        }
        build(st, m);
        if (!compare) {
            return false;
        }
        try (ResultSet rs = st.executeQuery("select count(*) from ((select * from " + m.name()
                + " except all select * from previous_rows) union all (select * from previous_rows except all select * from "
                + m.name() + "))")) {
            rs.next();
            return rs.getLong(1) == 0;
        } catch (SQLException e) {
            return false; // other columns: changed
        } finally {
            st.execute("drop table if exists previous_rows");
        }
    }

    /** A period slice holding at least this share of the model's periods is rebuilt in full: that is cheaper. */
    static final double MOST_PERIODS = 0.5;
    /** {@link #MOST_PERIODS}; tests raise it to build every slice incrementally however many there are. */
    double mostPeriods = MOST_PERIODS;

    /**
     * Deletes the model's rows in the changed slices and selects them again (a {@code by delta} model: adds the changed
     * deals' difference, {@link #addDifference}), in the build's transaction; false when the slices held most of its
     * values (of a single column), or the changed deals most deals, and the model was rebuilt in full instead.
     */
    private boolean buildSlices(Statement st, Model m) {
        Model.Incremental inc = m.incremental();
        String slice = sliceTable(m, "now");
        try {
            if (inc.byDelta()) {
                return addDifference(st, m);
            }
            List<String> columns = splitTopLevel(inc.column());
            long periods = -1;
            if (inc.byPeriod() && columns.size() == 1) {
                // the periods the changed deals were in before already most of them: rebuilt in full, without asking
                // where the deals are now (that query costs as much again)
                long before;
                try (ResultSet rs = st.executeQuery("select (select count(distinct slice) from " + sliceTable(m, "before")
                        + "), count(distinct " + columns.get(0) + ") from " + m.name())) {
                    rs.next();
                    before = rs.getLong(1);
                    periods = rs.getLong(2);
                }
                if (before >= mostPeriods * periods) {
                    build(st, m);
                    unsliced.add(m.name()); // no slice table: its data tests run on every row
                    return false;
                }
            }
            if (inc.byPeriod()) {
                st.execute("create or replace temp table " + slice + " as select distinct slice from (select slice from "
                        + sliceTable(m, "before") + " union all " + sliceQuery(m) + ")");
            } else {
                st.execute("create or replace temp table " + slice + " as select deal_id as slice from changed_deal");
            }
            try (ResultSet rs = st.executeQuery("select count(*) from " + slice + " where slice is null")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    slicesWithNull.add(slice);
                }
            }
            if (periods >= 0) {
                long sliced;
                try (ResultSet rs = st.executeQuery("select count(*) from " + slice)) {
                    rs.next();
                    sliced = rs.getLong(1);
                }
                if (sliced >= mostPeriods * periods) {
                    build(st, m);
                    return false;
                }
            }
            String where = inSlice(inc.column(), slice);
            st.execute("delete from " + m.name() + " where " + where);
            st.execute("insert into " + m.name() + " by name select * from (\n"
                    + substitute(m.name(), m.sql(), slice) + "\n) as model where " + where);
            return true;
        } catch (SQLException e) {
            throw new ModelFailed("model build rolled back, the previous tables are kept: model " + m.name()
                    + " (" + m.resource() + ") failed to rebuild its changed slices: " + e.getMessage(), e);
        }
    }

    /** The changed deals as a slice table, for the models that add up differences ({@code by delta}). */
    private static final String CHANGED_DEALS_SLICE = "slice_changed_deals";

    /**
     * A {@code by delta} model: its rows of the changed deals now, less their rows before the inputs were rebuilt,
     * added to the rows of the keys either touches. False when it was rebuilt in full instead: the changed deals were
     * most of the deals (selecting them twice would cost more), or a measure was null (a sum of nulls is null, not a
     * difference; the model breaks its declaration, and a full build is right either way). Only rows of the keys in
     * the slice change in either case.
     */
    private boolean addDifference(Statement st, Model m) throws SQLException {
        String before = sliceTable(m, "before");
        String now = sliceTable(m, "delta");
        String slice = sliceTable(m, "now");
        List<String> key = splitTopLevel(m.incremental().column());
        List<String> measures = m.incremental().measures();
        List<String> columns = measureColumns(st, m);
        st.execute("create or replace temp table " + now + " as " + substitute(m.name(), m.sql(), CHANGED_DEALS_SLICE));
        st.execute("create or replace temp table " + slice + " as select distinct " + sliceKey(key) + " as slice from ("
                + "select * from " + before + " union all by name select * from " + now + ")");
        slicesWithNull.remove(slice);
        try (ResultSet rs = st.executeQuery("select count(*) from " + slice + " where slice is null")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                slicesWithNull.add(slice);
            }
        }
        String nullMeasures = measures.stream().map(c -> "count(*) filter (where " + Sql.ident(c) + " is null)")
                .collect(Collectors.joining(" + "));
        try (ResultSet rs = st.executeQuery("select (select count(*) from " + CHANGED_DEALS_SLICE + "), (select count(*)"
                + " from core.deal), (select " + nullMeasures + " from " + before + ") + (select " + nullMeasures + " from "
                + now + ")")) {
            rs.next();
            if (rs.getLong(1) >= mostPeriods * rs.getLong(2) || rs.getLong(3) > 0) {
                build(st, m);
                dropAll(st, now, before);
                return false;
            }
        }
        String where = inSlice(m.incremental().column(), slice);
        // the rows as they are (kept columns win over the old deals' ones), the new deals' rows (whose names win), and
        // the old deals' rows taken away
        String rows = "select *, 1 as delta_rank, 1 as delta_sign from " + m.name() + " where " + where
                + " union all by name select *, 2 as delta_rank, 1 as delta_sign from " + now
                + " union all by name select *, 0 as delta_rank, -1 as delta_sign from " + before;
        List<String> select = new ArrayList<>();
        for (String c : columns) {
            String col = Sql.ident(c);
            select.add(key.contains(c) ? col : measures.contains(c) ? "sum(delta_sign * " + col + ") as " + col
                    : "arg_max_null(" + col + ", delta_rank) as " + col);
        }
        st.execute("create or replace temp table delta_rows as " + rows);
        st.execute("delete from " + m.name() + " where " + where);
        st.execute("insert into " + m.name() + " by name select " + String.join(", ", select) + " from delta_rows group by "
                + String.join(", ", key) + " having " + measures.stream().map(c -> "sum(delta_sign * " + Sql.ident(c) + ") <> 0")
                .collect(Collectors.joining(" or ")));
        dropAll(st, "delta_rows", now, before);
        return true;
    }

    private static void dropAll(Statement st, String... tables) throws SQLException {
        for (String t : tables) {
            st.execute("drop table if exists " + t);
        }
    }

    /** The model table's columns, once its {@code by delta} measures are known to be among them outside the key. */
    private static List<String> measureColumns(Statement st, Model m) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select column_name from information_schema.columns where table_catalog ="
                + " current_database() and table_schema = " + Sql.literal(m.schema()) + " and table_name = "
                + Sql.literal(m.table()) + " order by ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        for (String c : m.incremental().measures()) {
            if (!columns.contains(c)) {
                throw new ModelFailed("model build rolled back, the previous tables are kept: model " + m.name() + " ("
                        + m.resource() + "): 'incremental by delta' names " + c + ", which is not one of its columns;"
                        + " name the columns that add up, of " + columns, null);
            }
        }
        return columns;
    }

    /**
     * True when what the model reads still holds what the last build saw: tables of other models (rebuilt later in this
     * build), views over such, and source tables that did not change. A sync has already rewritten a changed source
     * table, so a model reading one cannot be selected "before".
     */
    private static boolean readsLastBuild(String model, Map<String, Set<String>> reads, Set<String> modelNames,
                                          Map<String, Model> models, BuildState state) {
        for (String r : reads.get(model)) {
            boolean ok = modelNames.contains(r)
                    ? !models.get(r).view() || readsLastBuild(r, reads, modelNames, models, state)
                    : state.sourceChange(r) == BuildState.Change.NONE;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Model> byName(List<Model> models) {
        return models.stream().collect(Collectors.toMap(Model::name, m -> m));
    }

    private static String sliceTable(Model m, String when) {
        return "slice_" + when + "_" + m.schema() + "_" + m.table();
    }

    /** The model's slice query with its columns combined into one {@code slice} column ({@link #sliceKey}). */
    private String sliceQuery(Model m) {
        List<String> columns = splitTopLevel(m.incremental().column());
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
            names.add("c" + i);
        }
        return "select " + sliceKey(names) + " as slice from (" + substitute(m.name(), m.incremental().sliceSql())
                + ") as q(" + String.join(", ", names) + ")";
    }

    /** One expression: itself; several: one string that tells every combination apart, nulls included. */
    static String sliceKey(List<String> expressions) {
        if (expressions.size() == 1) {
            return expressions.get(0);
        }
        List<String> parts = new ArrayList<>();
        for (String e : expressions) {
            parts.add("coalesce(cast((" + e + ") as varchar), chr(30))");
        }
        return "concat_ws(chr(31), " + String.join(", ", parts) + ")";
    }

    /** Splits at the commas outside parentheses and string literals. */
    static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && ch == ',') {
                out.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(text.substring(start).strip());
        return out;
    }

    /** The models whose rows changed only in their slices (rebuilt by slice, or in full when the slices held most). */
    private final Set<String> slicedRows = new java.util.HashSet<>();

    /** The period models rebuilt in full because the changed deals' old periods alone were most of theirs. */
    private final Set<String> unsliced = new java.util.HashSet<>();

    /** The slice tables that hold a null (rows without a period are then rebuilt too); filled as slices are made. */
    private final Set<String> slicesWithNull = new java.util.HashSet<>();

    /**
     * The rows of a slice: a plain IN, which DuckDB runs as a semi-join against the small slice table (an OR with the
     * null case would make it a mark join over every row), plus the null rows when the slice holds a null.
     */
    private String inSlice(String expressions, String sliceTable) {
        String expression = sliceKey(splitTopLevel(expressions));
        return "((" + expression + ") in (select slice from " + sliceTable + ")"
                + (slicesWithNull.contains(sliceTable) ? " or (" + expression + ") is null)" : ")");
    }

    /**
     * A model's own test, on the changed slices when the model was built incrementally and the test reads only the
     * model (so it is per slice); otherwise on the whole table.
     */
    private String testOnSlice(Model m, String how, String test, Set<String> existing, Set<String> modelNames) {
        String sql = substitute(m.name(), test);
        if (!slicedRows.contains(m.name())) {
            return sql;
        }
        Set<String> refs = references(test, existing, modelNames);
        if (!refs.equals(Set.of(m.name()))) {
            return sql;
        }
        Pattern own = Pattern.compile("(?i)\\b" + Pattern.quote(m.schema()) + "\\s*\\.\\s*" + Pattern.quote(m.table())
                + "\\b(" + ALIAS_FOLLOWS + ")?");
        String slice = "(select * from " + m.name() + " where " + inSlice(m.incremental().column(), sliceTable(m, "now"))
                + ")";
        // the test's own alias, when it gives one, else the table's name (for columns qualified with it)
        return own.matcher(sql).replaceAll(r -> Matcher.quoteReplacement(r.group(1) != null ? slice : slice + " as "
                + m.table()));
    }

    /** The tables (models and others, schema.table) a SQL text reads, among those that exist or are models. */
    private static Set<String> references(String sql, Set<String> existing, Set<String> modelNames) {
        Set<String> out = new TreeSet<>();
        Matcher r = REFERENCE.matcher(STRINGS_AND_COMMENTS.matcher(sql).replaceAll(" "));
        while (r.find()) {
            String ref = (r.group(1) + "." + r.group(2)).toLowerCase();
            if (modelNames.contains(ref) || existing.contains(ref)) {
                out.add(ref);
            }
        }
        return out;
    }

    private static Set<String> existingTables(Statement st) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (ResultSet rs = st.executeQuery("select table_schema || '.' || table_name from information_schema.tables")) {
            while (rs.next()) {
                out.add(rs.getString(1).toLowerCase());
            }
        }
        return out;
    }

    /**
     * What a model is built from: its SQL with the variables substituted, the macros, and the reference files it reads
     * (so a changed variable, macro or CSV rebuilds it in full).
     */
    private String hash(Model m, String macroText) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(substitute(m.name(), m.sql()).getBytes(StandardCharsets.UTF_8));
            d.update(macroText.getBytes(StandardCharsets.UTF_8));
            d.update(String.valueOf(sessionSql).getBytes(StandardCharsets.UTF_8));
            d.update(String.valueOf(schemaVersion).getBytes(StandardCharsets.UTF_8));
            String dir = vars.get("reference_dir");
            if (dir != null && (m.sql().contains("reference_") || m.sql().contains("read_csv"))) {
                d.update(referenceFingerprint(Path.of(dir)));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] referenceFingerprint(Path dir) {
        if (referenceFingerprint == null) {
            StringBuilder sb = new StringBuilder();
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sb.append(f.getFileName()).append('=').append(Arrays.hashCode(Files.readAllBytes(f))).append(';');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            referenceFingerprint = sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        return referenceFingerprint;
    }

    private byte[] referenceFingerprint;
    private String schemaVersion;

    private void define(Statement st, String path, String sql) {
        try {
            st.execute(substitute(path, sql));
        } catch (SQLException e) {
            throw new ModelFailed("model build rolled back, the previous tables are kept: macro " + path
                    + " (" + root + "/" + path + ") failed: " + e.getMessage(), e);
        }
    }

    private void build(Statement st, Model m) {
        try {
            st.execute("create schema if not exists " + Sql.ident(m.schema()));
            // a model that changed between table and view drops the other kind first (create or replace cannot)
            String existing = null;
            try (ResultSet rs = st.executeQuery("select table_type from information_schema.tables where table_schema = "
                    + Sql.literal(m.schema()) + " and table_name = " + Sql.literal(m.table()))) {
                if (rs.next()) {
                    existing = rs.getString(1);
                }
            }
            if (m.view() && "BASE TABLE".equals(existing)) {
                st.execute("drop table " + m.name());
            } else if (!m.view() && "VIEW".equals(existing)) {
                st.execute("drop view " + m.name());
            }
            st.execute("create or replace " + (m.view() ? "view " : "table ") + m.name() + " as\n"
                    + substitute(m.name(), m.sql()) + "\n");
        } catch (SQLException e) {
            throw new ModelFailed("model build rolled back, the previous tables are kept: model " + m.name()
                    + " (" + m.resource() + ") failed: " + e.getMessage(), e);
        }
    }

    /** Runs one data test; offending rows make a failure naming the model, the test and up to 5 rows. */
    private void check(Statement st, String model, String test, String sql, List<String> failures) {
        long started = System.nanoTime();
        List<String> found = new ArrayList<>();
        if (offendingRows(st, "test " + test + " on " + model, sql, found, failures)) {
            failures.addAll(found);
        }
        onTest.accept(model + " " + test, System.nanoTime() - started);
    }

    /** Runs one warning: its rows make a warning (never a failure); a query that cannot run is a failure. */
    private void warn(Statement st, String model, String name, String sql, List<String> warnings,
                      List<String> failures) {
        long started = System.nanoTime();
        offendingRows(st, "warning " + name + " on " + model, sql, warnings, failures);
        onTest.accept(model + " " + name, System.nanoTime() - started);
    }

    /** Adds "what: n row(s): {…}" to found when the query returns rows; false when it could not run. */
    private static boolean offendingRows(Statement st, String what, String sql, List<String> found,
                                         List<String> failures) {
        try (ResultSet rs = st.executeQuery("select * from (\n" + sql + "\n) as offending")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> shown = new ArrayList<>();
            long count = 0;
            while (rs.next()) {
                count++;
                if (shown.size() < SHOWN_ROWS) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        cells.add(md.getColumnLabel(i) + "=" + rs.getString(i));
                    }
                    shown.add("    {" + String.join(", ", cells) + "}");
                }
            }
            if (count > 0) {
                found.add(what + ": " + count + " offending row(s)"
                        + (count > SHOWN_ROWS ? ", first " + SHOWN_ROWS : "") + ":\n" + String.join("\n", shown));
            }
            return true;
        } catch (SQLException e) {
            failures.add(what + " could not run: " + e.getMessage());
            return false;
        }
    }

    String substitute(String where, String sql) {
        return substitute(where, sql, null);
    }

    /**
     * Substitutes the variables, and each {@code ${in_slice(<expression>)}}: true in a full build ({@code slice}
     * null), the expression's membership in the slice table otherwise.
     */
    String substitute(String where, String sql, String slice) {
        StringBuilder sliced = new StringBuilder();
        int from = 0;
        int at;
        while ((at = sql.indexOf(IN_SLICE, from)) >= 0) {
            int depth = 1;
            int i = at + IN_SLICE.length();
            while (i < sql.length() && depth > 0) {
                char ch = sql.charAt(i++);
                depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            }
            if (depth > 0 || i >= sql.length() || sql.charAt(i) != '}') {
                throw new ModelFailed("model " + where + ": ${in_slice( without its closing )}", null);
            }
            String expression = sql.substring(at + IN_SLICE.length(), i - 1);
            sliced.append(sql, from, at).append(slice == null ? "true" : inSlice(expression, slice));
            from = i + 1;
        }
        sliced.append(sql.substring(from));
        sql = sliced.toString();
        Matcher m = VAR.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new ModelFailed("model " + where + " uses ${" + m.group(1) + "}, which is not set;"
                        + " set it in the transform variables (known: " + new TreeSet<>(vars.keySet()) + ")", null);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(Sql.literal(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    List<Model> loadModels() {
        List<Model> models = new ArrayList<>();
        for (String path : index()) {
            String[] parts = path.split("/");
            if (parts.length != 2 || !parts[1].endsWith(".sql")) {
                throw new WarehouseException("bad entry in " + root + "/index.txt: " + path
                        + " (expected <schema>/<table>.sql, macros/<name>.sql or tests/<name>.sql)");
            }
            if (parts[0].equals("tests") || parts[0].equals("macros")) {
                continue;
            }
            String resource = root + "/" + path;
            models.add(Model.parse(resource, parts[0], parts[1].substring(0, parts[1].length() - 4), read(resource)));
        }
        return models;
    }

    /** The macro files by index path, in index order (a macro may use one listed before it). */
    private Map<String, String> loadMacros() {
        Map<String, String> macros = new LinkedHashMap<>();
        for (String path : index()) {
            if (path.startsWith("macros/")) {
                macros.put(path, withoutTrailingSemicolons(read(root + "/" + path)));
            }
        }
        return macros;
    }

    private Map<String, String> loadSingularTests() {
        Map<String, String> tests = new TreeMap<>();
        for (String path : index()) {
            if (path.startsWith("tests/")) {
                tests.put(path.substring("tests/".length(), path.length() - 4),
                        withoutTrailingSemicolons(read(root + "/" + path)));
            }
        }
        return tests;
    }

    private static String withoutTrailingSemicolons(String text) {
        String sql = text.strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        return sql;
    }

    List<String> index() {
        List<String> out = new ArrayList<>();
        for (String line : read(root + "/index.txt").split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    /** Topological order (ties by name) from the {@code schema.table} references that name other models. */
    static List<Model> order(List<Model> models) {
        Map<String, Model> byName = new TreeMap<>();
        for (Model m : models) {
            byName.put(m.name(), m);
        }
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        for (Model m : byName.values()) {
            Set<String> d = new TreeSet<>();
            Matcher r = REFERENCE.matcher(STRINGS_AND_COMMENTS.matcher(m.sql()).replaceAll(" "));
            while (r.find()) {
                String ref = (r.group(1) + "." + r.group(2)).toLowerCase();
                if (byName.containsKey(ref) && !ref.equals(m.name())) {
                    d.add(ref);
                }
            }
            deps.put(m.name(), d);
        }
        List<Model> ordered = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        while (ordered.size() < byName.size()) {
            String next = null;
            for (Map.Entry<String, Set<String>> e : deps.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
                    next = e.getKey();
                    break;
                }
            }
            if (next == null) {
                Set<String> stuck = new TreeSet<>(deps.keySet());
                stuck.removeAll(done);
                throw new WarehouseException("model dependency cycle among " + describeCycle(stuck, deps)
                        + "; a model must not (indirectly) select from itself");
            }
            done.add(next);
            ordered.add(byName.get(next));
        }
        return ordered;
    }

    /** The models left when no model is buildable, each with the models it waits for. */
    private static String describeCycle(Set<String> stuck, Map<String, Set<String>> deps) {
        List<String> parts = new ArrayList<>();
        for (String s : stuck) {
            Set<String> waits = new TreeSet<>(deps.get(s));
            waits.retainAll(stuck);
            parts.add(s + " -> " + String.join(", ", waits));
        }
        return String.join("; ", parts);
    }

    private static String read(String resource) {
        try (InputStream in = ModelRunner.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new WarehouseException("model resource not found on the classpath: " + resource
                        + " (is it listed in index.txt and packaged?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Internal signal: data tests found offending rows. */
    private static final class DataTestsFailed extends RuntimeException {
        DataTestsFailed() {
            super(null, null, false, false);
        }
    }

    /** Internal: a model failed to build or to substitute; the message is final. */
    private static final class ModelFailed extends RuntimeException {
        ModelFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * False when no two rows share the key {@code cols}: no two rows' hashes of the key are equal (found as neighbours
     * once sorted). Equal keys (nulls included, as group by sees them) hash equal, so distinct hashes prove the key
     * unique; sorting one 64-bit hash is under half the CPU of grouping by the (often string) key columns, and a little
     * under counting the distinct hashes. When a hash repeats (duplicates, or the rare collision) the listing query
     * decides and shows the offending keys.
     */
    private static boolean mayHaveDuplicates(Statement st, String cols, String target) {
        try (ResultSet rs = st.executeQuery("select 1 from (select h, lag(h) over (order by h) as previous from (select hash("
                + cols + ") as h from " + target + ")) where h = previous limit 1")) {
            return rs.next();
        } catch (SQLException e) {
            return true; // let the listing query run and name its own problem
        }
    }

    /**
     * The model's not_null columns that hold no null, from one scan of the model (a failing column's rows are then
     * listed by its own test).
     */
    private static java.util.Set<String> nullFreeColumns(Statement st, Model m, String target) throws SQLException {
        List<String> notNull = m.columnTests().stream().filter(t -> t instanceof ColumnTest.NotNull)
                .map(ColumnTest::column).distinct().toList();
        java.util.Set<String> free = new java.util.HashSet<>();
        if (notNull.isEmpty()) {
            return free;
        }
        List<String> counts = new ArrayList<>();
        for (String col : notNull) {
            counts.add("count(*) filter (where " + col + " is null)");
        }
        try (ResultSet rs = st.executeQuery("select " + String.join(", ", counts) + " from " + target)) {
            rs.next();
            for (int i = 0; i < notNull.size(); i++) {
                if (rs.getLong(i + 1) == 0) {
                    free.add(notNull.get(i));
                }
            }
        } catch (SQLException e) {
            return java.util.Set.of(); // let each test run on its own and name its own problem
        }
        return free;
    }
}
