package io.crmw.app.cli;

import io.crmw.app.reports.BadReportRequest;
import io.crmw.app.reports.ReportCatalog;
import io.crmw.app.reports.ReportQuery;
import io.crmw.app.reports.ReportRequest;
import io.crmw.app.reports.ReportSpec;
import io.crmw.connectors.spi.ConfigException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crmw report --list} and {@code crmw report <id>}: any report of {@code reports.catalog}, read from the
 * published copy, filtered, rolled up ({@code --by}) and sorted without SQL, through the same {@link ReportQuery} as
 * the HTTP API and the dashboard, so the same request prints the same figures everywhere.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"List the reports, or print one from the published copy, filtered and sorted.",
                "  crmw report --list",
                "  crmw report total_sales --from 2024-01-01 --owner alice --sort won_amount_rc:desc --limit 10"})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REPORT", description = "report id (see --list)")
    String reportId;

    @Option(names = "--list", description = "list the reports: id, title, grain (the default without REPORT)")
    boolean list;

    @Option(names = "--from", paramLabel = "DATE",
            description = "first period (YYYY-MM-DD, inclusive): period_start (cohort_period_start for cohort reports), or as_of_date for snapshot reports without a period")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "last period (YYYY-MM-DD, inclusive)")
    String to;

    @Option(names = "--owner", paramLabel = "X", description = "owner id or name (case-insensitive)")
    String owner;

    @Option(names = "--team", paramLabel = "X", description = "team id or name (case-insensitive)")
    String team;

    @Option(names = "--source", paramLabel = "X", description = "source system, e.g. hubspot-main (case-insensitive)")
    String source;

    @Option(names = "--pipeline", paramLabel = "X", description = "pipeline id or name (case-insensitive)")
    String pipeline;

    @Option(names = "--grain", paramLabel = "G",
            description = "period grain: day, week, month, quarter or year (a coarser one than the report holds is summed from a finer one)")
    String grain;

    @Option(names = "--by", paramLabel = "COL[,COL...]",
            description = "roll up by these dimensions: measures summed, ratios recomputed from their parts (\"\" for one total row)")
    String by;

    @Option(names = "--sort", paramLabel = "COL[:desc][,COL...]",
            description = "sort columns, each optionally :desc or :asc (default: the report's default sort)")
    String sort;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N rows")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "skip the first N rows")
    int offset;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    ResultPrinter.Format format;

    @Override
    public Integer call() throws Exception {
        var cfg = config.loadWithoutSecrets();
        ReportRequest request;
        try {
            request = new ReportRequest(ReportRequest.date("from", from), ReportRequest.date("to", to), owner, team,
                    source, pipeline, ReportRequest.grain(grain), ReportRequest.by(by), sort, limit, offset);
        } catch (BadReportRequest e) {
            throw new ConfigException("--" + e.getMessage());
        }
        try (Connection c = ReadOnlyWarehouse.open(cfg.published(), "`crmw sync` (or `crmw demo`)")) {
            if (!ReportCatalog.present(c)) {
                throw new ConfigException("the published warehouse " + cfg.published()
                        + " has no reports.catalog yet; run `crmw transform` (or `crmw sync`) first");
            }
            if (list || reportId == null) {
                printList(c, format, System.out);
                return 0;
            }
            try {
                ReportSpec spec = ReportCatalog.load(c).get(reportId);
                if (format == ResultPrinter.Format.csv) {
                    // streamed: an export of millions of rows never sits in memory
                    ReportQuery.Sql sql = ReportQuery.prepareCsv(c, spec, request);
                    java.io.PrintWriter out = new java.io.PrintWriter(new java.io.BufferedWriter(
                            new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), 1 << 16));
                    ReportQuery.writeCsv(c, sql, out);
                    out.flush();
                } else {
                    ResultPrinter.print(ReportQuery.run(c, spec, request).table(), format, System.out);
                }
            } catch (BadReportRequest e) {
                throw new ConfigException(e.parameter().equals("report") ? e.problem() + "; the reports are: " + e.accepts()
                        : "--" + e.getMessage());
            }
            return 0;
        }
    }

    /** Prints {@code report_id, title, grain} of every catalog row, by id. */
    static void printList(Connection c, ResultPrinter.Format format, PrintStream out) throws SQLException {
        try (var st = c.createStatement();
             ResultSet rs = st.executeQuery("select report_id, title, grain from reports.catalog order by report_id")) {
            ResultPrinter.print(rs, format, out);
        }
    }
}
