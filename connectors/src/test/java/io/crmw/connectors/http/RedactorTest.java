package io.crmw.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = new Redactor(List.of("pat-na1-SECRET-1234"));

    @Test
    void hidesLiteralSecretValuesEverywhere() {
        assertThat(redactor.redact("value pat-na1-SECRET-1234 leaked; again:pat-na1-SECRET-1234"))
                .isEqualTo("value *** leaked; again:***");
    }

    @Test
    void hidesBearerTokensAndAuthorizationHeaders() {
        assertThat(redactor.redact("Authorization: Bearer abc.def-ghi")).doesNotContain("abc.def-ghi");
        assertThat(redactor.redact("sent bearer xyz123 to server")).isEqualTo("sent bearer *** to server");
    }

    @Test
    void hidesTokenFieldsInJsonFormsAndQueries() {
        String json = "{\"access_token\":\"at-1\",\"refresh_token\": \"rt-2\",\"client_secret\":\"cs-3\",\"ok\":\"v\"}";
        assertThat(redactor.redact(json))
                .isEqualTo("{\"access_token\":\"***\",\"refresh_token\": \"***\",\"client_secret\":\"***\",\"ok\":\"v\"}");
        assertThat(redactor.redact("grant_type=refresh_token&client_secret=cs-3&refresh_token=rt-2"))
                .isEqualTo("grant_type=refresh_token&client_secret=***&refresh_token=***");
        assertThat(redactor.redact("/x?limit=1&password=hunter2&after=5")).isEqualTo("/x?limit=1&password=***&after=5");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(redactor.redact("GET /crm/v3/objects/deals?limit=100 -> 200 in 12 ms"))
                .isEqualTo("GET /crm/v3/objects/deals?limit=100 -> 200 in 12 ms");
    }
}
