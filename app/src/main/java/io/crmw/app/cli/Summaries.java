package io.crmw.app.cli;

import io.crmw.connectors.extract.StreamOutcome;
import io.crmw.etl.pipeline.PipelineResult;
import java.io.PrintStream;
import java.util.Comparator;

/** The human summaries the commands print. */
final class Summaries {
    private Summaries() {}

    /** One run's summary; {@code transformed} false: the run left the reports to one build once every source is done. */
    static void printRun(PipelineResult r, double seconds, PrintStream out, boolean transformed) {
        out.printf("%n%s: run %s %s in %.1f s%n", r.source(), r.runId() == null ? "-" : r.runId(), r.status(), seconds);
        if (r.extract() != null && !r.extract().streams().isEmpty()) {
            out.printf("  %-18s %-10s %8s %10s %10s %8s %8s %9s %12s%n",
                    "stream", "status", "pages", "records", "deleted", "http", "retries", "throttled", "live/vendor");
            r.extract().streams().stream().sorted(Comparator.comparing(StreamOutcome::stream)).forEach(s ->
                    out.printf("  %-18s %-10s %8d %,10d %,10d %8d %8d %9d %12s%n",
                            s.stream(), s.status(), s.pages(), s.records(), s.tombstones(), s.http().calls(),
                            s.http().retries(), s.http().throttled(), counts(s)));
            long records = r.extract().records();
            out.printf("  %,d records extracted, %.0f records/s overall%n", records, seconds > 0 ? records / seconds : 0);
        }
        if (!r.steps().isEmpty()) {
            double extract = phase(r, "extract");
            double normalize = phase(r, "normalize");
            long normalized = r.steps().stream().filter(s -> s.step().startsWith("normalize")).mapToLong(PipelineResult.StepTiming::records).sum();
            long extracted = r.extract() == null ? 0 : r.extract().records();
            out.printf("  phases: extract %.1f s (%,.0f rec/s), normalize %.1f s (%,d rows, %,.0f rows/s), %s%n",
                    extract, extract > 0 ? extracted / extract : 0, normalize, normalized,
                    normalize > 0 ? normalized / normalize : 0, transformed
                            ? String.format("transform + publish %.1f s", phase(r, "transform"))
                            : "reports built once every source is done");
        }
        if (r.error() != null) {
            out.println("  problems:");
            r.error().lines().forEach(l -> out.println("    " + l));
        }
    }

    private static double phase(PipelineResult r, String prefix) {
        return r.steps().stream().filter(s -> s.step().startsWith(prefix)).mapToDouble(PipelineResult.StepTiming::seconds).sum();
    }

    private static String counts(StreamOutcome s) {
        if (s.warehouseCount() == null) {
            return "-";
        }
        return s.warehouseCount() + (s.vendorCount() == null ? "" : "/" + s.vendorCount());
    }
}
