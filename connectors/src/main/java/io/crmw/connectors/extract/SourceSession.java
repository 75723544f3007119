package io.crmw.connectors.extract;

import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.http.RefreshTokenStore;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One source for the length of one run: its connector, its shared HTTP client, the streams to sync and when it was
 * opened (the run deadline counts from then).
 */
record SourceSession(SourceConfig config, Connector connector, CountingSourceHttp http, List<Stream> streams,
                     Instant openedAt) {

    static SourceSession open(SourceConfig config, Connector connector) {
        return open(config, connector, RefreshTokenStore.NONE);
    }

    /** Opens the source; an OAuth refresh token the vendor rotates is kept in {@code refreshTokens}. */
    static SourceSession open(SourceConfig config, Connector connector, RefreshTokenStore refreshTokens) {
        Instant openedAt = Instant.now();
        SourceHttp sourceHttp = connector.http(config);
        if (sourceHttp instanceof OkHttpSourceHttp okHttp) {
            okHttp.keepRefreshTokensIn(refreshTokens);
        }
        var http = new CountingSourceHttp(sourceHttp);
        List<Stream> all = connector.streams(config, http);
        if (config.streams().isEmpty()) {
            return new SourceSession(config, connector, http, all, openedAt);
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
                all.stream().filter(s -> config.streams().contains(s.name())).toList(), openedAt);
    }
}
