package io.crmw.app.cli;

import io.crmw.app.engine.Engine;
import io.crmw.app.schedule.Schedules;
import io.crmw.app.web.WebConfiguration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the schedules from the config (Quartz, persistent) and serve the dashboard, the reports API,",
                "health and Prometheus metrics over HTTP (127.0.0.1 unless --bind; elsewhere crmw.serve.token is required)."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--port", description = "HTTP port for health and metrics (default: server.port from the config, else 8080)")
    Integer port;

    @Option(names = "--bind", description = "address to bind (default: 127.0.0.1)")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        var cfg = config.load();
        String address = bind != null ? bind : "127.0.0.1";
        if (!loopback(address) && cfg.serveToken().isEmpty()) {
            throw new io.crmw.connectors.spi.ConfigException("crmw serve --bind " + address + " exposes the reports beyond this"
                    + " machine: set an access token first (crmw: serve: token: ${CRMW_SERVE_TOKEN}, at least 16 characters)");
        }
        Map<String, Object> overrides = new java.util.HashMap<>();
        if (port != null) {
            overrides.put("server.port", port);
        }
        if (bind != null) {
            overrides.put("server.address", bind);
        }
        CountDownLatch closed = new CountDownLatch(1);
        Engine engine = Engine.forServe(cfg, List.of(Schedules.class, WebConfiguration.class), overrides);
        engine.context().addApplicationListener(e -> {
            if (e instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        engine.context().registerShutdownHook();
        String actualPort = engine.context().getEnvironment().getProperty("local.server.port", "?");
        String base = "http://" + engine.context().getEnvironment().getProperty("server.address") + ":" + actualPort;
        System.err.printf("crmw serve: %d sources scheduled; dashboard %s/ , API %s/api/reports (OpenAPI %s/api/openapi.json),"
                        + " health /actuator/health, metrics /actuator/prometheus; Ctrl-C to stop%n",
                cfg.sources().stream().filter(s -> s.schedule().isPresent()).count(), base, base, base);
        closed.await();
        return 0;
    }

    static boolean loopback(String address) {
        String a = address.strip().toLowerCase(java.util.Locale.ROOT);
        return a.equals("localhost") || a.equals("::1") || a.equals("[::1]") || a.matches("127(\\.\\d{1,3}){3}");
    }
}
