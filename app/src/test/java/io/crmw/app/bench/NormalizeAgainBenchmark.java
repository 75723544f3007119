package io.crmw.app.bench;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.BatchBounds;
import io.crmw.warehouse.raw.RawLanding;
import io.crmw.warehouse.raw.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;

/**
 * The nightly path of normalizing: N HubSpot deals landed and normalized, then 1 % of them landed again changed and
 * normalized again; seconds per step of both runs. What the second run costs should follow the change, not N. Not a
 * test.
 *
 * <pre>
 * cd app && java -Xmx512m -cp target/test-classes:target/classes:$(cat /tmp/app-cp.txt) \
 *     io.crmw.app.bench.NormalizeAgainBenchmark 1000000
 * </pre>
 */
public final class NormalizeAgainBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("crmw-normalize-again");
        try (Warehouse warehouse = Warehouse.open(dir.resolve("bench.duckdb"))) {
            land(warehouse.landing(), 0, n, 1, "first");
            report("first normalize", n, LandAndNormalizeBenchmark.normalizeDeals(warehouse));
            int changed = n / 100;
            land(warehouse.landing(), 0, n, 100, "second");
            report("second normalize (1 % changed)", changed, LandAndNormalizeBenchmark.normalizeDeals(warehouse));
            report("third normalize (nothing new)", 0, LandAndNormalizeBenchmark.normalizeDeals(warehouse));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Lands every {@code step}-th deal of [from, to) (the generator's deals; the second time with another amount). */
    static void land(RawLanding landing, int from, int to, int step, String runId) {
        try (RawLanding.PageBatch batch = landing.openBatch("hubspot-main", "deals", runId, BatchBounds.DEFAULT)) {
            List<RawRecord> page = new ArrayList<>(100);
            for (int i = from; i < to; i += step) {
                String json = LandAndNormalizeBenchmark.deal(i);
                if (step > 1) {
                    json = json.replace("\"amount\":\"", "\"amount\":\"1");
                }
                page.add(new RawRecord(Integer.toString(100_000 + i), runId, false, json));
                if (page.size() == 100) {
                    batch.add(page, runId + i, false);
                    page = new ArrayList<>(100);
                }
            }
            batch.add(page, null, true);
        }
    }

    static void report(String what, int records, JobExecution execution) {
        System.out.printf("%s: %,d raw records, %s%n", what, records, execution.getStatus());
        for (var step : execution.getStepExecutions()) {
            System.out.printf("  %-34s %8.2f s%n", step.getStepName(),
                    java.time.Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1e3);
        }
    }
}
