package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.RawRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;

/**
 * Throughput of {@code normalizeHubspotMainDeals} (+ its resolve step) over N HubSpot-shaped raw deals
 * (default 200,000; each with 3 stage-history properties and 2 contacts). Prints rows/s and peak heap.
 * Run: {@code java -cp <test classpath> io.crmw.etl.normalize.NormalizeDealsBenchmark [rows [chunkSize]]}.
 */
public final class NormalizeDealsBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : NormalizationSteps.CHUNK_SIZE;
        Path dir = Files.createTempDirectory("crmw-bench");
        try (Warehouse warehouse = Warehouse.open(dir.resolve("bench.duckdb"))) {
            long t0 = System.nanoTime();
            List<RawRecord> page = new ArrayList<>(1000);
            for (int i = 0; i < n; i++) {
                page.add(new RawRecord(Integer.toString(100_000 + i), null, i % 50 == 0, deal(i)));
                if (page.size() == 1000) {
                    warehouse.landing().landPage("hubspot-main", "deals", "bench", page, null, false);
                    page.clear();
                }
            }
            if (!page.isEmpty()) {
                warehouse.landing().landPage("hubspot-main", "deals", "bench", page, null, false);
            }
            double landS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("landed %,d raw deals in %.1f s%n", n, landS);

            var repo = new ResourcelessJobRepository();
            var operator = new TaskExecutorJobOperator();
            operator.setJobRepository(repo);
            operator.setJobRegistry(new MapJobRegistry());
            operator.afterPropertiesSet();
            List<Step> steps = new NormalizationSteps(repo, warehouse, NormalizerRegistry.defaults(), chunk).stepsFor("hubspot-main", "hubspot").stream()
                    .filter(s -> s.getName().endsWith("Deals")).toList();
            SimpleJobBuilder job = new JobBuilder("bench", repo).start(steps.get(0));
            steps.stream().skip(1).forEach(job::next);

            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long t1 = System.nanoTime();
            JobExecution ex = operator.start(job.build(), new JobParameters());
            double s = (System.nanoTime() - t1) / 1e9;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long chunkStepMs = ex.getStepExecutions().stream().filter(se -> se.getStepName().startsWith("normalize"))
                    .mapToLong(se -> java.time.Duration.between(se.getStartTime(), se.getEndTime()).toMillis()).sum();
            try (Connection c = warehouse.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select (select count(*) from core.deal), "
                         + "(select count(*) from core.deal_stage_history), (select count(*) from core.deal_contact)")) {
                rs.next();
                System.out.printf("chunk %,d, status %s: %,d deals (+%,d history, %,d deal_contact rows) in %.1f s "
                                + "(chunk step %.1f s) = %,.0f raw rows/s end to end, %,.0f rows/s chunk step; "
                                + "peak heap %,d MB%n",
                        chunk, ex.getStatus(), rs.getLong(1), rs.getLong(2), rs.getLong(3), s, chunkStepMs / 1000.0,
                        n / s, n / (chunkStepMs / 1000.0), peak >> 20);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String deal(int i) {
        String stage = switch (i % 4) {
            case 0 -> "closedwon";
            case 1 -> "closedlost";
            default -> "contractsent";
        };
        return """
                {"id":"%d","properties":{"amount":"%d.50","amount_in_home_currency":"%d.00","closedate":"2024-07-15T00:00:00Z",\
                "createdate":"2024-05-01T09:12:44.12Z","deal_currency_code":"EUR","dealname":"Deal %d","dealstage":"%s",\
                "dealtype":"newbusiness","hs_analytics_source":"ORGANIC_SEARCH","hs_deal_stage_probability":"0.9",\
                "hs_is_closed":"%s","hs_is_closed_won":"%s","hs_lastmodifieddate":"2024-07-15T14:03:11.501Z",\
                "hubspot_owner_id":"9123%d","pipeline":"default",\
                "hs_date_entered_appointmentscheduled":"2024-05-01T09:12:44.120Z",\
                "hs_date_exited_appointmentscheduled":"2024-05-20T14:03:11.5Z",\
                "hs_date_entered_contractsent":"2024-05-20T14:03:11.5Z","hs_date_exited_contractsent":"1721052000000",\
                "hs_date_entered_%s":"1721052000000"},\
                "createdAt":"2024-05-01T09:12:44.120Z","updatedAt":"2024-07-15T14:03:11.501Z","archived":false,\
                "associations":{"companies":["%d"],"contacts":["%d","%d"]}}"""
                .formatted(100_000 + i, i * 10, i * 11, i, stage, i % 4 < 2, i % 4 == 0, i % 20, stage, i % 5000,
                        i * 2, i * 2 + 1);
    }
}
