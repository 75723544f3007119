package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad config ends the command with exit code 2 and one line naming the key; no stack trace. */
class BadConfigCommandTest {
    @TempDir
    Path dir;

    private String run(String yaml, String... command) throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, yaml);
        StringWriter err = new StringWriter();
        String[] args = new String[command.length + 2];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--config";
        args[command.length + 1] = file.toString();
        int code = CrmwCommand.execute(new PrintWriter(err, true), args);
        assertThat(code).isEqualTo(2);
        return err.toString();
    }

    private static String source(String type, String url, String token) {
        return """
                crmw:
                  sources:
                    - name: hubspot-main
                      type: %s
                      base-url: %s
                      token: %s
                """.formatted(type, url, token);
    }

    @Test
    void unknownTypeUnsetVariableAndMalformedUrlEachGiveOneClearLine() throws Exception {
        String unknownType = run(source("hubspotx", "https://api.hubapi.com", "${CRMW_TEST_UNSET_TOKEN}"), "sync");
        String unsetVariable = run(source("hubspot", "https://api.hubapi.com", "${CRMW_TEST_UNSET_TOKEN}"), "sync");
        String badUrl = run(source("hubspot", "https//api.hubapi.com", "${CRMW_TEST_UNSET_TOKEN}"), "status");

        assertThat(unknownType.lines()).hasSize(1).first().asString()
                .startsWith("crmw: ").contains("crmw.sources[0].type: unknown source type 'hubspotx'");
        assertThat(unsetVariable.lines()).hasSize(1).first().asString()
                .contains("crmw.sources[0].token: environment variable CRMW_TEST_UNSET_TOKEN is not set");
        assertThat(badUrl.lines()).hasSize(1).first().asString()
                .contains("crmw.sources[0].base-url: 'https//api.hubapi.com'");
        assertThat(unknownType + unsetVariable + badUrl).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void runOnceCommandsOfAClusterConfigPointToTheServeNodes() throws Exception {
        String cluster = """
                crmw:
                  warehouse: %s
                  cluster:
                    database-url: jdbc:postgresql://127.0.0.1:1/crmw
                    username: crmw
                    password: ${PATH}
                  sources:
                    - name: hubspot-main
                      type: hubspot
                      base-url: https://api.hubapi.com
                      token: ${PATH}
                """.formatted(dir.resolve("warehouse.duckdb"));
        for (String command : new String[] {"sync", "transform"}) {
            String err = run(cluster, command);
            assertThat(err.lines()).as(command).hasSize(1).first().asString()
                    .contains("crmw.cluster is set, so syncs and report builds run on the `crmw serve` nodes")
                    .contains("POST /api/sources/{name}/sync");
        }
        assertThat(Files.exists(dir.resolve("warehouse.duckdb"))).as("no warehouse opened").isFalse();
    }
}
