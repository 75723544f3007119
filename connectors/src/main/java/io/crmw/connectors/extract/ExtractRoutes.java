package io.crmw.connectors.extract;

import io.crmw.connectors.http.RefreshTokenStore;
import io.crmw.connectors.spi.SourceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * One Camel route per source, {@code extract:<source>}: opens the source (auth, one rate budget, streams),
 * splits it into its streams, extracts them in parallel and collects their outcomes as the reply.
 * Send it an {@link ExtractRequest} on {@code direct:extract:<source>}; the reply is a {@link SourceOutcome}.
 */
public final class ExtractRoutes extends RouteBuilder {
    public static final String SESSION = "crmwSession";

    private final List<SourceConfig> sources;
    private final Connectors connectors;
    private final StreamExtractor extractor;
    private final int parallelStreams;
    private final RefreshTokenStore refreshTokens;

    public ExtractRoutes(List<SourceConfig> sources, Connectors connectors, StreamExtractor extractor, int parallelStreams) {
        this(sources, connectors, extractor, parallelStreams, RefreshTokenStore.NONE);
    }

    /** As above, keeping OAuth refresh tokens the vendors rotate in {@code refreshTokens} across runs and restarts. */
    public ExtractRoutes(List<SourceConfig> sources, Connectors connectors, StreamExtractor extractor, int parallelStreams,
                         RefreshTokenStore refreshTokens) {
        this.sources = List.copyOf(sources);
        this.connectors = connectors;
        this.extractor = extractor;
        this.parallelStreams = parallelStreams;
        this.refreshTokens = refreshTokens;
    }

    public static String endpointFor(String source) {
        return "direct:extract:" + source;
    }

    @Override
    public void configure() {
        // a failure before the streams start (bad credentials, unknown stream) becomes the route's reply
        onException(Exception.class)
                .handled(true)
                .process(this::replyWithFailure);

        for (SourceConfig source : sources) {
            ExecutorService streams = Executors.newFixedThreadPool(parallelStreams,
                    r -> new Thread(r, "extract-" + source.name()));
            from(endpointFor(source.name()))
                    .routeId("extract:" + source.name())
                    .process(exchange -> openSession(exchange, source))
                    .split(simple("${exchangeProperty." + SESSION + ".streams}"), new CollectOutcomes())
                        .parallelProcessing().executorService(streams)
                        .process(this::extractOne)
                    .end()
                    .process(exchange -> exchange.getMessage().setBody(
                            new SourceOutcome(source.name(), outcomes(exchange), null)));
        }
    }

    private void openSession(Exchange exchange, SourceConfig source) throws Exception {
        ExtractRequest request = exchange.getMessage().getMandatoryBody(ExtractRequest.class);
        exchange.setProperty("crmwRequest", request);
        exchange.setProperty(SESSION, SourceSession.open(source, connectors.forType(source.type()), refreshTokens));
    }

    private void extractOne(Exchange exchange) {
        SourceSession session = exchange.getProperty(SESSION, SourceSession.class);
        ExtractRequest request = exchange.getProperty("crmwRequest", ExtractRequest.class);
        io.crmw.connectors.spi.Stream stream = exchange.getMessage().getBody(io.crmw.connectors.spi.Stream.class);
        StreamOutcome outcome;
        try {
            outcome = extractor.extract(session, stream, request);
        } catch (Exception e) {
            // outside the stream's own handling (its bookkeeping, the store): the stream still has an outcome, with the
            // exception's words, and the other streams go on
            outcome = extractor.unfinished(session.config().name(), stream.name(), e);
        }
        exchange.getMessage().setBody(outcome);
    }

    @SuppressWarnings("unchecked")
    private static List<StreamOutcome> outcomes(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof List<?> list ? (List<StreamOutcome>) list : List.of();
    }

    /** A stream's exchange that carries no outcome (never expected: {@link #extractOne} always sets one). */
    private StreamOutcome unfinished(Exchange stream) {
        SourceSession session = stream.getProperty(SESSION, SourceSession.class);
        Object body = stream.getMessage().getBody();
        return extractor.unfinished(session == null ? "?" : session.config().name(),
                body instanceof io.crmw.connectors.spi.Stream s ? s.name() : "?", stream.getException());
    }

    private void replyWithFailure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String route = exchange.getFromRouteId();
        String source = route == null ? "?" : route.substring(route.indexOf(':') + 1);
        String message = e == null ? "unknown failure" : e.getMessage();
        exchange.getMessage().setBody(new SourceOutcome(source, List.of(), message));
    }

    /** Gathers the streams' outcomes into one list, in completion order; never a null among them. */
    private final class CollectOutcomes implements AggregationStrategy {
        @Override
        @SuppressWarnings("unchecked")
        public Exchange aggregate(Exchange collected, Exchange next) {
            StreamOutcome outcome = next.getMessage().getBody() instanceof StreamOutcome o ? o : unfinished(next);
            if (collected == null) {
                List<StreamOutcome> list = new ArrayList<>();
                list.add(outcome);
                next.getMessage().setBody(list);
                return next;
            }
            ((List<StreamOutcome>) collected.getMessage().getBody()).add(outcome);
            return collected;
        }
    }
}
