package io.crmw.app.bench;

import io.crmw.app.cli.ReadOnlyWarehouse;
import io.crmw.app.reports.ReportCatalog;
import io.crmw.app.reports.ReportQuery;
import io.crmw.app.reports.ReportRequest;
import io.crmw.app.reports.ReportSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times what the dashboard asks of the server when a report page opens: the report's default view (first page of 200
 * rows, sorted) and its totals row, through {@link ReportQuery} exactly as {@code GET /api/reports/{id}} runs them,
 * over a warehouse file with built reports (e.g. the 1,000,000-deal warehouse of the warehouse module's
 * {@code ReportsBenchmark}). Prints per report the first (cold) answer and the median of 7 warm ones, in ms. Not a
 * test.
 *
 * <pre>
 * ./mvnw -q -o -pl app test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/app-cp.txt
 * java -cp app/target/test-classes:app/target/classes:$(cat /tmp/app-cp.txt) io.crmw.app.bench.DashboardBenchmark /tmp/crmw-bench.duckdb
 * </pre>
 */
public final class DashboardBenchmark {
    static final int PAGE = 200;
    static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/crmw-bench.duckdb");
        try (Connection c = ReadOnlyWarehouse.open(file, "the reports benchmark")) {
            ReportCatalog catalog = ReportCatalog.load(c);
            System.out.printf("%-26s %10s %9s %9s %8s%n", "report (default view)", "rows", "cold ms", "warm ms", "table rows");
            List<Double> warm = new ArrayList<>();
            for (ReportSpec spec : catalog.all()) {
                if (spec.columns().isEmpty()) {
                    continue;
                }
                List<String> by = new ArrayList<>();
                spec.defaultView().path("by").forEach(n -> by.add(n.asString()));
                ReportRequest request = new ReportRequest(null, null, null, null, null, null, null, by, null, PAGE, 0);
                long t0 = System.nanoTime();
                ReportQuery.Answer answer = open(c, spec, request);
                double cold = (System.nanoTime() - t0) / 1e6;
                double[] times = new double[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    long t = System.nanoTime();
                    open(c, spec, request);
                    times[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(times);
                double median = times[RUNS / 2];
                warm.add(median);
                long tableRows;
                try (var st = c.createStatement(); var rs = st.executeQuery("select count(*) from " + spec.table())) {
                    rs.next();
                    tableRows = rs.getLong(1);
                }
                System.out.printf("%-26s %10d %9.1f %9.1f %10d%n", spec.id(), answer.totalRows(), cold, median, tableRows);
            }
            warm.sort(Double::compare);
            System.out.printf("warm: median %.1f ms, slowest %.1f ms over %d reports%n", warm.get(warm.size() / 2),
                    warm.get(warm.size() - 1), warm.size());
        }
    }

    /** What the API runs for a report page: the page and the totals row. */
    private static ReportQuery.Answer open(Connection c, ReportSpec spec, ReportRequest request) throws Exception {
        ReportQuery.Answer page = ReportQuery.run(c, spec, request);
        ReportQuery.run(c, spec, request.withBy(List.of()).page(null, null, 0));
        return page;
    }
}
