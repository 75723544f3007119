package io.crmw.app.cli;

import java.sql.Connection;
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
        var cfg = config.load();
        try (Connection c = ReadOnlyWarehouse.open(cfg.published(), "`crmw sync` (or `crmw demo`)");
             var st = c.createStatement()) {
            if (!st.execute(query)) {
                System.out.println("ok");
                return 0;
            }
            ResultPrinter.print(st.getResultSet(), format, System.out);
            return 0;
        }
    }
}
