package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sandbox → sync → normalize → transform: the reports equal the generator's own ground truth. */
class EndToEndTest {
    @TempDir
    Path dir;

    @Test
    void totalSalesPerMonthAndEntityCountsEqualGroundTruth() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(7).withSize(1));
             // HubSpot's real search limit (5/s) against the connector's default budget: no 429 storm
             PipelineHarness h = new PipelineHarness(sandbox, dir, java.util.Optional.empty(),
                     java.util.Map.of("retry-base-millis", "20", "retry-max-millis", "200"))) {
            var result = h.sync();
            assertThat(result.error()).isNull();
            assertThat(result.status()).isEqualTo("succeeded");

            var truth = sandbox.groundTruth();
            assertThat(h.truthWonPerMonth()).isNotEmpty();
            assertThat(h.reportedWonPerMonth()).isEqualTo(h.truthWonPerMonth());

            assertThat(h.count("select count(*) from core.deal where not is_deleted")).isEqualTo(truth.liveDeals());
            assertThat(h.count("select count(*) from core.contact where not is_deleted")).isEqualTo(truth.liveContacts());
            assertThat(h.count("select count(*) from core.account where not is_deleted")).isEqualTo(truth.liveCompanies());
            assertThat(h.count("select count(*) from core.deal where is_deleted")).isEqualTo(truth.archivedCount("deals")).isPositive();
            assertThat(h.count("select count(*) from core.contact where is_deleted")).isEqualTo(truth.archivedCount("contacts"));
            assertThat(h.count("select count(*) from core.account where is_deleted")).isEqualTo(truth.archivedCount("companies"));
            // archived deals are flagged, and not counted in the report
            assertThat(h.count("select sum(won_deals) from reports.total_sales"))
                    .isEqualTo(truth.wonDealCountPerMonth().values().stream().mapToLong(Long::longValue).sum());

            // every stream reconciled with HubSpot's own count where the API gives one
            assertThat(h.count("select count(*) from meta.stream_run where vendor_count is not null and vendor_count <> warehouse_count")).isZero();
            assertThat(h.count("select count(*) from meta.stream_run where vendor_count is not null")).isGreaterThanOrEqualTo(10);
            assertThat(h.count("select count(*) from meta.sync_run where status = 'succeeded'")).isEqualTo(1);
            assertThat(h.count("select sum(throttled) from meta.stream_run")).isLessThanOrEqualTo(2);

            // the analysts' copy was published
            assertThat(h.config.published()).exists();
        }
    }
}
