package io.crmw.app.cli;

import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.Engine;
import io.crmw.app.engine.RunInterruptions;
import io.crmw.connectors.extract.StreamExtractor;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.etl.pipeline.PipelineResult;
import io.crmw.etl.pipeline.PipelineRunner;
import io.crmw.etl.pipeline.RunIds;
import io.crmw.etl.pipeline.Transformer;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.TransformResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Run the pipeline once per source: extract → normalize → transform → publish (with several"
                + " sources: all extracted and normalized at the same time, then the reports built and published once).")
final class SyncCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--source", paramLabel = "NAME", description = "only this source (default: all)")
    String source;

    @Option(names = "--full-refresh", description = "re-read every stream from the beginning")
    boolean fullRefresh;

    @Option(names = "--allow-mass-delete", description = "let this run delete more than mass-delete-percent "
            + "(default 10 %) of a stream's records when the vendor no longer lists them")
    boolean allowMassDelete;

    @Override
    public Integer call() {
        CrmwConfig cfg = config.load();
        List<SourceConfig> sources = select(cfg, source);
        int code;
        try (Engine engine = Engine.forCommand(cfg)) {
            // SIGTERM or Ctrl-C mid-run: the history says interrupted, not running (the landed pages are kept anyway)
            engine.onSignal(() -> {
                Warehouse warehouse = engine.bean(Warehouse.class);
                List<String> runs = RunInterruptions.markInterrupted(warehouse,
                        sources.stream().map(SourceConfig::name).toList());
                // streams stop at their next page boundary; then the mark is made again over whatever they wrote
                engine.bean(StreamExtractor.class).stopAll(java.time.Duration.ofSeconds(3));
                RunInterruptions.keepInterrupted(warehouse, runs);
                if (!runs.isEmpty()) {
                    System.err.println("crmw: sync stopped by a signal; " + runs.size() + " run(s) marked interrupted; "
                            + "the next `crmw sync` resumes from the last committed page");
                }
            });
            code = syncAndBuild(engine, sources, "cli", fullRefresh, allowMassDelete, System.out);
        }
        // raw retention freed blocks; DuckDB reuses but never returns them: give them back while nothing holds the file
        Warehouse.Compaction compaction = Warehouse.compact(cfg.warehouse(), 0.2);
        if (compaction.bytesAfter() < compaction.bytesBefore()) {
            System.err.printf("warehouse compacted: %,d -> %,d bytes%n", compaction.bytesBefore(), compaction.bytesAfter());
        }
        return code;
    }

    static List<SourceConfig> select(CrmwConfig cfg, String name) {
        if (cfg.sources().isEmpty()) {
            throw new ConfigException(cfg.file() + ": crmw.sources: no sources configured; add one (see config/sources.example.yml)");
        }
        if (name == null) {
            return cfg.sourceConfigs();
        }
        return List.of(cfg.source(name).orElseThrow(() -> new ConfigException("--source " + name
                + ": no such source in " + cfg.file() + "; configured: "
                + String.join(", ", cfg.sourceConfigs().stream().map(SourceConfig::name).toList()))).config());
    }

    /** Builds the reports once and publishes them (after runs that left them to the caller); 1 if a data test failed. */
    private static int transform(Engine engine, PrintStream out) {
        long started = System.nanoTime();
        String runId = RunIds.next();
        TransformResult result = engine.bean(Transformer.class).transform(runId);
        out.printf("%nreports: %d models built (%s), %d data tests passed, published in %.1f s%n", result.models(),
                engine.bean(Warehouse.class).runs().modelsBuiltHow(runId), result.tests(),
                (System.nanoTime() - started) / 1e9);
        result.failures().forEach(f -> out.println("  " + f.replace("\n", "\n  ")));
        return result.failures().isEmpty() ? 0 : 1;
    }

    /**
     * Every source extracted and normalized at the same time, each in its own thread, as {@code serve}'s schedules may
     * run them: their waits on the vendors' rate budgets overlap, so N CRMs take about as long as the slowest, not
     * the sum. Each run's summary follows in config order once all have ended; the reports are left to the caller's
     * one build ({@link #transform}). 1 if any run did not succeed.
     */
    private static int runAtOnce(Engine engine, List<SourceConfig> sources, String trigger, boolean fullRefresh,
                         boolean allowMassDelete, PrintStream out) {
        PipelineRunner runner = engine.bean(PipelineRunner.class);
        ExecutorService pool = Executors.newFixedThreadPool(sources.size());
        try {
            List<Future<PipelineResult>> runs = new ArrayList<>();
            List<double[]> seconds = new ArrayList<>();
            for (SourceConfig s : sources) {
                announce(s, fullRefresh);
                double[] took = new double[1];
                seconds.add(took);
                runs.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    try {
                        return runner.run(s, trigger, fullRefresh, allowMassDelete, false);
                    } finally {
                        took[0] = (System.nanoTime() - started) / 1e9;
                    }
                }));
            }
            boolean ok = true;
            for (int i = 0; i < runs.size(); i++) {
                PipelineResult result = runs.get(i).get();
                Summaries.printRun(result, seconds.get(i)[0], out, false);
                ok &= result.succeeded();
            }
            return ok ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sources were syncing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The line on stderr that a source's run begins. */
    private static void announce(SourceConfig s, boolean fullRefresh) {
        System.err.println("syncing " + s.name() + " (" + s.type() + (s.baseUrl() == null ? "" : ", " + s.baseUrl()) + ")"
                + (fullRefresh ? ", full refresh" : ""));
    }

    /**
     * Syncs the sources and builds the reports once: one source runs its whole pipeline (the build included); several
     * are extracted and normalized at the same time ({@link #runAtOnce}), then built and published once over all of
     * them (a build per source would rebuild and publish them once for every CRM). 1 if a run or the build failed.
     */
    static int syncAndBuild(Engine engine, List<SourceConfig> sources, String trigger, boolean fullRefresh,
                            boolean allowMassDelete, PrintStream out) {
        if (sources.size() == 1) {
            SourceConfig s = sources.get(0);
            announce(s, fullRefresh);
            long started = System.nanoTime();
            PipelineResult result = engine.bean(PipelineRunner.class).run(s, trigger, fullRefresh, allowMassDelete, true);
            Summaries.printRun(result, (System.nanoTime() - started) / 1e9, out, true);
            return result.succeeded() ? 0 : 1;
        }
        int runs = runAtOnce(engine, sources, trigger, fullRefresh, allowMassDelete, out);
        return Math.max(runs, transform(engine, out));
    }
}
