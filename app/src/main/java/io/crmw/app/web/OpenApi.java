package io.crmw.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/openapi.json}: the API's OpenAPI 3 description, kept equal to the controllers by a test. */
@RestController
public class OpenApi {
    static final String RESOURCE = "/openapi.json";

    @GetMapping(path = "/api/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public String openApi() throws IOException {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
