package io.crmw.app.cli;

import io.crmw.connectors.spi.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "crmw", mixinStandardHelpOptions = true, version = "crmw 0.1.0",
        description = "crm-warehouse: sync CRMs into one DuckDB warehouse and keep the sales reports up to date.",
        subcommands = {DemoCommand.class, SyncCommand.class, TransformCommand.class, SqlCommand.class,
                ReportCommand.class, StatusCommand.class, ConnectorsCommand.class, SandboxCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class CrmwCommand implements Runnable {
    static final int CONFIG_ERROR = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Runs the command line; returns the exit code. Errors are one line naming what to fix, no stack trace. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, with error lines going to {@code err}. */
    public static int execute(java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new CrmwCommand());
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable root = rootCause(e);
            commandLine.getErr().println("crmw: " + message(root));
            if (System.getenv("CRMW_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return root instanceof ConfigException ? CONFIG_ERROR : 1;
        });
        return cli.execute(args);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof ConfigException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (m.contains("Could not set lock on file") || m.contains("Conflicting lock")) {
            return "the warehouse is in use by another crmw process (is `crmw serve` running?); stop it or use another warehouse path";
        }
        return m.lines().findFirst().orElse(m);
    }
}
