package io.crmw.warehouse.bench;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.BatchBounds;
import io.crmw.warehouse.raw.RawLanding;
import io.crmw.warehouse.raw.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lands N raw records (default 1,000,000) in pages of 200 and prints rows/s: through {@link RawLanding#landPage} (one
 * transaction per page, cursor included), or with {@code batched} through a {@link RawLanding.PageBatch} with
 * {@link BatchBounds#DEFAULT} (the extractor's way: several pages per transaction). Not a test: run it by hand, e.g.
 * {@code java -cp ... io.crmw.warehouse.bench.LandingBenchmark [rows] [pageSize] [file|-] [batched]}.
 */
public final class LandingBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path file = args.length > 2 && !args[2].equals("-") ? Path.of(args[2])
                : Files.createTempDirectory("crmw-bench").resolve("bench.duckdb");
        boolean batched = args.length > 3 && args[3].equals("batched");
        String payloadPad = "x".repeat(400);
        try (Warehouse wh = Warehouse.open(file)) {
            RawLanding landing = wh.landing();
            // warm-up: table creation and JIT
            landing.landPage("bench", "warmup", "run-0", page(0, pageSize, payloadPad), "w", false);
            long start = System.nanoTime();
            int landed = 0;
            try (RawLanding.PageBatch batch = landing.openBatch("bench", "deals", "run-1",
                    batched ? BatchBounds.DEFAULT : BatchBounds.ONE_PAGE)) {
                while (landed < rows) {
                    int n = Math.min(pageSize, rows - landed);
                    batch.add(page(landed, n, payloadPad), "cursor-" + (landed + n), landed + n >= rows);
                    landed += n;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf((batched ? "batched " + BatchBounds.DEFAULT + ": " : "one transaction per page: ")
                            + "landed %,d rows in %,d pages of %d in %.1f s: %,.0f rows/s (%,.0f pages/s); live %,d;"
                            + " heap used %,d MB; file %s (%,d MB)%n",
                    landed, (rows + pageSize - 1) / pageSize, pageSize, seconds, landed / seconds,
                    landed / seconds / pageSize, landing.liveCount("bench", "deals"),
                    (rt.totalMemory() - rt.freeMemory()) >> 20, file, Files.size(file) >> 20);
        }
    }

    private static List<RawRecord> page(int from, int n, String pad) {
        List<RawRecord> out = new ArrayList<>(n);
        for (int i = from; i < from + n; i++) {
            out.add(new RawRecord(Integer.toString(i), "2024-01-01T00:00:" + (i % 60) + "Z", false,
                    "{\"id\":\"" + i + "\",\"properties\":{\"dealname\":\"Deal " + i + "\",\"amount\":\"" + (i % 9973)
                            + ".50\",\"pad\":\"" + pad + "\"}}"));
        }
        return out;
    }
}
