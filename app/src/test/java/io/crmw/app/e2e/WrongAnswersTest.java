package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.faults.FaultPlan;
import java.nio.file.Path;
import java.util.Map;
import io.crmw.connectors.spi.SourceConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HubSpot-compatible server that answers 200 with {@code {}} or with its envelope but no records array: on the old
 * code the owners and pipelines passes read that as "the last page" and tombstoned every record (22 of 22 owners);
 * now such an answer is asked for again, then the stream stops, and nothing the vendor still has is deleted.
 */
class WrongAnswersTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyObjectOrAnEnvelopeWithoutRecordsNeverDeletesAnything() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(11).withSize(1).withSearchPerSecond(25));
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(hubspot(sandbox)))) {
            assertThat(h.sync().status()).isEqualTo("succeeded");
            long owners = h.count("select count(*) from core.owner where not is_deleted");
            long deals = h.count("select count(*) from core.deal where not is_deleted");
            long deletedOwners = h.count("select count(*) from core.owner where is_deleted"); // archived in HubSpot
            assertThat(owners).isPositive();

            for (FaultPlan wrong : new FaultPlan[] {FaultPlan.none().withEmptyObjectEvery(1),
                    FaultPlan.none().withEmptyDataEvery(1)}) {
                sandbox.hubspot().faults(wrong);
                var run = h.sync();
                assertThat(run.status()).isEqualTo("stopped");
                assertThat(run.error()).contains("is not a page");
                assertThat(h.count("select count(*) from core.owner where not is_deleted")).isEqualTo(owners);
                assertThat(h.count("select count(*) from core.deal where not is_deleted")).isEqualTo(deals);
                assertThat(h.count("select count(*) from core.owner where is_deleted")).isEqualTo(deletedOwners);
                assertThat(h.count("select count(*) from meta.stream_run where run_id = (select arg_max(run_id, started_at) from "
                        + "meta.sync_run) and tombstones > 0")).isZero();
            }

            sandbox.hubspot().faults(FaultPlan.none());
            var healed = h.sync();
            assertThat(healed.status()).isEqualTo("succeeded");
            assertThat(h.count("select count(*) from core.owner where not is_deleted")).isEqualTo(owners);
            assertThat(h.count("select count(*) from core.deal where not is_deleted")).isEqualTo(deals);
        }
    }

    /** The streams the old code tombstoned (owners, pipelines) and the deals they hold, with fast retries. */
    private static SourceConfig hubspot(Sandbox sandbox) {
        SourceConfig all = PipelineHarness.hubspot(sandbox, Map.of("retry-base-millis", "10", "retry-max-millis", "100"));
        return new SourceConfig(all.name(), all.type(), all.baseUrl(), all.settings(), all.secrets(),
                List.of("owners", "deal_pipelines", "deals"), all.rateLimit());
    }
}
