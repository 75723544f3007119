package io.crmw.app;

import io.crmw.app.cli.CrmwCommand;

/** Entry point of the {@code crmw} launcher. */
public final class CrmwApplication {
    private CrmwApplication() {}

    public static void main(String[] args) {
        // Quartz, Camel and OkHttp keep non-daemon threads: a run-once command must exit explicitly
        System.exit(CrmwCommand.execute(args));
    }
}
