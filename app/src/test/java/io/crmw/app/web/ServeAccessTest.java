package io.crmw.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.reports.SyncedBusiness;
import io.crmw.app.testing.Cli;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serve bound beyond loopback: refused without an access token; with one, every page and API call needs it (header,
 * or the session cookie a page sets from {@code ?token=} before redirecting it away), health stays open, and the
 * token shows up in no answer.
 */
class ServeAccessTest {
    static final String TOKEN = "s3cret-serve-token-0123456789";

    @TempDir
    static Path dir;
    static ServedWarehouse served;

    @BeforeAll
    static void serve() throws Exception {
        served = new ServedWarehouse(dir.resolve("serve"), SyncedBusiness.get().warehouse().config.published(),
                Optional.of(TOKEN), "0.0.0.0");
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefusedInOneLine() throws Exception {
        Path config = dir.resolve("no-token.yml");
        Files.writeString(config, """
                crmw:
                  warehouse: %s
                  sources: []
                """.formatted(dir.resolve("other/w.duckdb")));
        assertThat(Cli.fails("serve", "--bind", "0.0.0.0", "--port", "0", "--config", config.toString()))
                .isEqualTo("crmw: crmw serve --bind 0.0.0.0 exposes the reports beyond this machine: set an access token"
                        + " first (crmw: serve: token: ${CRMW_SERVE_TOKEN}, at least 16 characters)");
    }

    @Test
    void everyPageAndApiCallNeedsTheToken() throws Exception {
        HttpResponse<String> api = served.get("/api/reports");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("Authorization: Bearer");
        HttpResponse<String> page = served.get("/");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("?token=");
        assertThat(served.get("/api/reports/total_sales?by=team_name").statusCode()).isEqualTo(401);
        assertThat(served.get("/api/openapi.json").statusCode()).isEqualTo(401);
        assertThat(served.get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(served.get("/api/reports", "Authorization", "Bearer wrong-token-wrong-token").statusCode()).isEqualTo(401);
        assertThat(served.get("/?token=wrong-token-wrong-token").statusCode()).isEqualTo(401);

        HttpResponse<String> withHeader = served.get("/api/reports/total_sales?by=team_name", "Authorization", "Bearer " + TOKEN);
        assertThat(withHeader.statusCode()).isEqualTo(200);
        assertThat(withHeader.body()).contains("won_amount_rc").doesNotContain(TOKEN);

        // a page opened once with ?token= sets the session cookie and drops the token from the address
        HttpResponse<String> login = served.get("/?token=" + TOKEN + "&x=1");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).isEqualTo(served.base + "/?x=1").doesNotContain(TOKEN);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("crmw_session="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(TOKEN);
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(served.get("/api/reports", "Cookie", session).statusCode()).isEqualTo(200);
        assertThat(served.get("/api/sources", "Cookie", session).body()).doesNotContain(TOKEN);

        // health stays open for probes
        assertThat(served.get("/actuator/health").statusCode()).isIn(200, 503);
    }
}
