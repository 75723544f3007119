package io.crmw.app.cli;

import io.crmw.app.engine.Engine;
import io.crmw.app.schedule.Schedules;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the schedules from the config (Quartz, persistent), with health and Prometheus metrics over HTTP.")
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
        Map<String, Object> overrides = new java.util.HashMap<>();
        if (port != null) {
            overrides.put("server.port", port);
        }
        if (bind != null) {
            overrides.put("server.address", bind);
        }
        CountDownLatch closed = new CountDownLatch(1);
        Engine engine = Engine.forServe(cfg, List.of(Schedules.class), overrides);
        engine.context().addApplicationListener(e -> {
            if (e instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        engine.context().registerShutdownHook();
        String actualPort = engine.context().getEnvironment().getProperty("local.server.port", "?");
        System.err.printf("crmw serve: %d sources scheduled; health http://%s:%s/actuator/health, metrics /actuator/prometheus; Ctrl-C to stop%n",
                cfg.sources().stream().filter(s -> s.schedule().isPresent()).count(),
                engine.context().getEnvironment().getProperty("server.address"), actualPort);
        closed.await();
        return 0;
    }
}
