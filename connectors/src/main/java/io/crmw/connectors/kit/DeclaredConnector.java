package io.crmw.connectors.kit;

import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.HttpProfileProvider;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * The declared streams the source asks for ({@code streams:}; all when it names none), in declaration order: each
     * a copy of its declaration, incremental ones with the source's {@code lookback-minutes}, completed for this
     * source by {@code complete} (a transform, query parameters) and built on its own view of the source's client;
     * the listings of {@link DeclaredStream.Spec#sharedWithinRun} streams are fetched once for all of them.
     */
    protected final List<Stream> declared(List<DeclaredStream.Spec> specs, SourceConfig config, SourceHttp http,
                                          Consumer<DeclaredStream.Spec> complete) {
        Duration lookback = CommonSettings.lookback(config);
        SharedListings shared = new SharedListings(specs.stream().flatMap(DeclaredStream.Spec::sharedPaths)
                .collect(java.util.stream.Collectors.toSet()));
        return specs.stream()
                .filter(spec -> config.streams().isEmpty() || config.streams().contains(spec.name()))
                .map(spec -> {
                    DeclaredStream.Spec s = spec.copy();
                    if (s.isIncremental()) {
                        s.lookback(lookback);
                    }
                    complete.accept(s);
                    return (Stream) s.build(config.name(), shared.over(http.forStream(s.name())), clock);
                })
                .toList();
    }

    /** This source's HTTP client; same as {@code HttpFactory.forSource(config, this)}. */
    @Override
    public final SourceHttp http(SourceConfig config) {
        return HttpFactory.forSource(config, this);
    }
}
