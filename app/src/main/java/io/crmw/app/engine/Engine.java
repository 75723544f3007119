package io.crmw.app.engine;

import io.crmw.app.config.CrmwConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot engine behind the commands that run pipelines; closed when the command ends. On SIGTERM (or Ctrl-C)
 * a run-once command's engine runs the command's {@link #onSignal} tasks (e.g. marking the run interrupted) against
 * the still-open warehouse and lets the process end there: closing the context would first wait for the running
 * extraction to finish, which is what the signal asked not to do. Every write is a committed transaction, so
 * stopping at any instant loses nothing.
 */
public final class Engine implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final List<Runnable> onSignal = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread signalHook;

    private Engine(ConfigurableApplicationContext context, boolean ownShutdownHook) {
        this.context = context;
        this.signalHook = ownShutdownHook ? new Thread(this::shutDownOnSignal, "crmw-shutdown") : null;
        if (signalHook != null) {
            Runtime.getRuntime().addShutdownHook(signalHook);
        }
    }

    /** Runs {@code task} when the JVM is asked to stop (SIGTERM, Ctrl-C) while this engine is open, before it closes. */
    public void onSignal(Runnable task) {
        onSignal.add(task);
    }

    private void shutDownOnSignal() {
        for (Runnable task : onSignal) {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("crmw: while stopping: " + e.getMessage());
            }
        }
    }

    /** For run-once commands: no web server, no schedules, quiet logs. */
    public static Engine forCommand(CrmwConfig config) {
        return start(config, false, List.of(), Map.of());
    }

    /** For {@code serve}: web server (health, metrics), Quartz with its persistent job store, schedules. */
    public static Engine forServe(CrmwConfig config, List<Class<?>> extraConfiguration, Map<String, Object> overrides) {
        return start(config, true, extraConfiguration, overrides);
    }

    private static Engine start(CrmwConfig config, boolean serve, List<Class<?>> extra, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.main.banner-mode", "off");
        p.put("spring.config.additional-location", "optional:file:" + config.file().toAbsolutePath());
        if (config.cluster().isPresent()) {
            if (!serve) {
                throw new io.crmw.connectors.spi.ConfigException(config.file() + ": crmw.cluster is set, so syncs and "
                        + "report builds run on the `crmw serve` nodes (each source on the node its schedule fires on); "
                        + "use the dashboard's Sync now or POST /api/sources/{name}/sync, and `crmw status` to watch");
            }
            clusterProperties(config.cluster().get(), p);
        } else {
            p.put("spring.datasource.url", StateDatabase.prepare(config.stateDb()));
            // a corrupt, truncated, newer or locked warehouse is one line here, before Spring would log a long trace
            io.crmw.warehouse.Warehouse.open(config.warehouse()).close();
            p.put("spring.datasource.username", "sa");
            p.put("spring.datasource.password", "");
            p.put(EngineConfiguration.CLUSTER_MODE, "false");
        }
        p.put("spring.batch.jdbc.initialize-schema", "never");
        p.put("spring.batch.job.enabled", "false");
        p.put("spring.quartz.job-store-type", serve ? "jdbc" : "memory");
        p.put("spring.quartz.jdbc.initialize-schema", "never");
        p.put("spring.quartz.auto-startup", "false"); // serve starts it when the application is ready
        p.put("spring.quartz.overwrite-existing-jobs", "false");
        p.put("spring.quartz.wait-for-jobs-to-complete-on-shutdown", "true");
        p.put("spring.quartz.properties.org.quartz.jobStore.misfireThreshold", "1000");
        p.put("spring.quartz.properties.org.quartz.threadPool.threadCount", "4");
        p.put("camel.main.name", "crmw");
        p.put("camel.main.jmx-enabled", "false");
        p.put("server.address", "127.0.0.1");
        p.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        p.put("management.endpoint.health.show-details", "always");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.io.crmw", serve ? "INFO" : "WARN");
        // a one-shot command stops Camel within a second of starting it, which Camel warns about on every quick run
        p.put("logging.level.org.apache.camel.spring.boot.SpringBootCamelContext", serve ? "WARN" : "ERROR");

        List<Class<?>> sources = new java.util.ArrayList<>();
        sources.add(EngineConfiguration.class);
        sources.addAll(extra);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .web(serve ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .properties(p)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("crmwConfig", config);
                    // command-line options (serve --port/--bind) win over the config file; defaults above lose to it
                    ctx.getEnvironment().getPropertySources()
                            .addFirst(new org.springframework.core.env.MapPropertySource("crmw-command-line", overrides));
                })
                .logStartupInfo(false)
                // a command's engine registers its own hook (see onSignal); serve keeps Spring's
                .registerShutdownHook(serve)
                .run();
        return new Engine(context, !serve);
    }

    /**
     * Cluster mode: Quartz's clustered JDBC job store and Spring Batch's job repository in the shared PostgreSQL
     * database (tables created at start when missing); this node's id names its Quartz instance and tags its metrics.
     */
    private static void clusterProperties(io.crmw.app.config.CrmwConfig.Cluster cluster, Map<String, Object> p) {
        StateDatabase.preparePostgres(cluster);
        p.put(EngineConfiguration.CLUSTER_MODE, "true");
        p.put("spring.datasource.url", cluster.databaseUrl());
        p.put("spring.datasource.username", cluster.username());
        p.put("spring.datasource.password", cluster.password().reveal());
        p.put("spring.datasource.hikari.maximum-pool-size", "12");
        // two nodes creating job instances at once must not fail on PostgreSQL's serializable isolation
        p.put("spring.batch.jdbc.isolation-level-for-create", "read_committed");
        String q = "spring.quartz.properties.org.quartz.";
        p.put(q + "jobStore.isClustered", "true");
        p.put(q + "jobStore.clusterCheckinInterval", String.valueOf(cluster.checkinInterval().toMillis()));
        p.put(q + "jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put(q + "jobStore.acquireTriggersWithinLock", "true");
        p.put(q + "scheduler.instanceId", cluster.nodeId());
        p.put("management.metrics.tags.node", cluster.nodeId());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        if (signalHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(signalHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping: the hook runs the signal tasks
            }
        }
        context.close();
    }
}
