package io.crmw.connectors.kit;

import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.HttpProfileProvider;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import java.time.Clock;
import java.util.List;

/**
 * A CRM type stated by its declarations: type, streams, settings and budget are given once to the constructor; the
 * HTTP client comes from the shared factory with the subclass's {@link #httpProfile}; validation is the declared
 * settings' and streams' ({@link CommonSettings#check}) plus whatever cross-key rule the subclass adds.
 */
public abstract class DeclaredConnector implements Connector, HttpProfileProvider {

    private final String type;
    private final List<String> streamNames;
    private final List<Setting> settings;
    private final RateLimit defaultRateLimit;
    protected final Clock clock;

    protected DeclaredConnector(String type, List<String> streamNames, List<Setting> settings,
            RateLimit defaultRateLimit, Clock clock) {
        this.type = type;
        this.streamNames = streamNames;
        this.settings = settings;
        this.defaultRateLimit = defaultRateLimit;
        this.clock = clock;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final List<String> streamNames() {
        return streamNames;
    }

    @Override
    public final List<Setting> settings() {
        return settings;
    }

    @Override
    public final RateLimit defaultRateLimit() {
        return defaultRateLimit;
    }

    @Override
    public void validate(SourceConfig config) {
        CommonSettings.check(config, this);
    }

    /** This source's HTTP client; same as {@code HttpFactory.forSource(config, this)}. */
    @Override
    public final SourceHttp http(SourceConfig config) {
        return HttpFactory.forSource(config, this);
    }
}
