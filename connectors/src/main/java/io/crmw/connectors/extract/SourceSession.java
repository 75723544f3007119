package io.crmw.connectors.extract;

import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One source for the length of one run: its connector, its shared HTTP client and the streams to sync. */
record SourceSession(SourceConfig config, Connector connector, CountingSourceHttp http, List<Stream> streams) {

    static SourceSession open(SourceConfig config, Connector connector) {
        var http = new CountingSourceHttp(connector.http(config));
        List<Stream> all = connector.streams(config, http);
        if (config.streams().isEmpty()) {
            return new SourceSession(config, connector, http, all);
        }
        Set<String> known = new TreeSet<>();
        all.forEach(s -> known.add(s.name()));
        for (String wanted : config.streams()) {
            if (!known.contains(wanted)) {
                throw new ConfigException("source '" + config.name() + "': unknown stream '" + wanted
                        + "' in 'streams'; " + config.type() + " offers " + known);
            }
        }
        return new SourceSession(config, connector, http,
                all.stream().filter(s -> config.streams().contains(s.name())).toList());
    }
}
