package io.crmw.app.reports;

import io.crmw.connectors.spi.ConfigException;

/**
 * A report request that cannot be answered: names the parameter, what was wrong and what it accepts. The CLI prints
 * the message as one line; the API answers 400 with {@code {"parameter":…, "error":…, "accepts":…}}.
 */
public final class BadReportRequest extends ConfigException {
    private final String parameter;
    private final String accepts;

    public BadReportRequest(String parameter, String problem, String accepts) {
        super(parameter + ": " + problem + (accepts.isEmpty() ? "" : "; accepts " + accepts));
        this.parameter = parameter;
        this.accepts = accepts;
    }

    public String parameter() {
        return parameter;
    }

    public String problem() {
        String m = getMessage().substring(parameter.length() + 2);
        int cut = accepts.isEmpty() ? -1 : m.lastIndexOf("; accepts ");
        return cut < 0 ? m : m.substring(0, cut);
    }

    public String accepts() {
        return accepts;
    }
}
