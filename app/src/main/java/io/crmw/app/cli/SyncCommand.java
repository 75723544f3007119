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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Run the pipeline once per source: extract → normalize → transform → publish (with several"
                + " sources: each extracted and normalized in turn, then the reports built and published once).")
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
            // several sources: each is extracted and normalized in turn, then the reports are built once over all of
            // them (a build per source would rebuild and publish them once for every CRM)
            boolean several = sources.size() > 1;
            code = runAll(engine, sources, "cli", fullRefresh, allowMassDelete, !several, System.out);
            if (several) {
                code = Math.max(code, transform(engine, System.out));
            }
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
    static int transform(Engine engine, PrintStream out) {
        long started = System.nanoTime();
        TransformResult result = engine.bean(Transformer.class).transform(RunIds.next());
        out.printf("%nreports: %d models built, %d data tests passed, published in %.1f s%n", result.models(),
                result.tests(), (System.nanoTime() - started) / 1e9);
        result.failures().forEach(f -> out.println("  " + f.replace("\n", "\n  ")));
        return result.failures().isEmpty() ? 0 : 1;
    }

    static int runAll(Engine engine, List<SourceConfig> sources, String trigger, boolean fullRefresh, PrintStream out) {
        return runAll(engine, sources, trigger, fullRefresh, false, out);
    }

    static int runAll(Engine engine, List<SourceConfig> sources, String trigger, boolean fullRefresh,
                      boolean allowMassDelete, PrintStream out) {
        return runAll(engine, sources, trigger, fullRefresh, allowMassDelete, true, out);
    }

    /** With {@code transformEach} false the runs leave the reports to the caller's one transform after them. */
    static int runAll(Engine engine, List<SourceConfig> sources, String trigger, boolean fullRefresh,
                      boolean allowMassDelete, boolean transformEach, PrintStream out) {
        PipelineRunner runner = engine.bean(PipelineRunner.class);
        boolean ok = true;
        for (SourceConfig s : sources) {
            System.err.println("syncing " + s.name() + " (" + s.type() + (s.baseUrl() == null ? "" : ", " + s.baseUrl()) + ")" + (fullRefresh ? ", full refresh" : ""));
            long started = System.nanoTime();
            PipelineResult result = runner.run(s, trigger, fullRefresh, allowMassDelete, transformEach);
            double seconds = (System.nanoTime() - started) / 1e9;
            Summaries.printRun(result, seconds, out, transformEach);
            ok &= result.succeeded();
        }
        return ok ? 0 : 1;
    }
}
