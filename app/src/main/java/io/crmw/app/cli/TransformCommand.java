package io.crmw.app.cli;

import io.crmw.app.engine.Engine;
import io.crmw.etl.pipeline.RunIds;
import io.crmw.etl.pipeline.Transformer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "transform", mixinStandardHelpOptions = true,
        description = "Rebuild the report tables from core (only what changed since the last build, unless --full),"
                + " run the data tests, publish the analysts' copy.")
final class TransformCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--full", description = "Rebuild every model from scratch and run every data test on everything"
            + " (otherwise a model is rebuilt in full only when its SQL changed, when it cannot be built incrementally"
            + " or when its last full build is older than full-rebuild-days).")
    boolean full;

    @Override
    public Integer call() {
        try (Engine engine = Engine.forCommand(config.loadWithoutSecrets())) {
            long started = System.nanoTime();
            var result = engine.bean(Transformer.class).transform(RunIds.next(), full);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (result.failures().isEmpty()) {
                System.out.printf("built %d models, %d data tests passed, published in %.1f s%n", result.models(), result.tests(), seconds);
                if (!result.warnings().isEmpty()) {
                    System.out.printf("%d warning(s):%n", result.warnings().size());
                    result.warnings().forEach(w -> System.out.println("  " + w.replace("\n", "\n  ")));
                }
                return 0;
            }
            if (result.tests() == 0) { // a model failed before any data test ran
                System.out.println("transform failed; the previous report tables are kept");
            } else {
                System.out.printf("transform failed: %d of %d data tests failed; the previous report tables are kept%n",
                        result.failures().size(), result.tests());
            }
            result.failures().forEach(f -> System.out.println("  " + f.replace("\n", "\n  ")));
            return 1;
        }
    }
}
