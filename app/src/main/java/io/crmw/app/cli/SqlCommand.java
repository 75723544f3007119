package io.crmw.app.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run a query on the published (read-only) copy of the warehouse.")
final class SqlCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "QUERY", description = "SQL, e.g. \"select * from reports.total_sales limit 10\"")
    String query;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    ResultPrinter.Format format;

    @Override
    public Integer call() throws Exception {
        var cfg = config.loadWithoutSecrets();
        try (Connection c = ReadOnlyWarehouse.open(cfg.published(), "`crmw sync` (or `crmw demo`)");
             var st = c.createStatement()) {
            try {
                if (!st.execute(query)) {
                    System.out.println("ok");
                    return 0;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(explain(e.getMessage()));
            }
            ResultPrinter.print(st.getResultSet(), format, System.out);
            return 0;
        }
    }

    /** DuckDB's first line, prefixed with why when the query reached outside the warehouse. */
    static String explain(String message) {
        String first = message == null ? "query failed" : message.lines().findFirst().orElse(message);
        boolean outside = first.contains("Permission Error") || first.contains("disabled by configuration")
                || first.contains("configuration has been locked") || first.contains("external access");
        return outside ? "crmw sql is read-only (no files, extensions or attached databases): " + first : first;
    }
}
