package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.Setting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code crmw connectors} and the README's "Settings per CRM" tables come from the same declarations. */
class ConnectorsCommandTest {
    private static final Pattern ROW_KEY = Pattern.compile("^\\| `([^`]+)`");

    @Test
    void listsEveryTypeWithItsDeclaredSettingsAndStreams() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Connectors connectors = new Connectors();
        ConnectorsCommand.printTable(connectors, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(connectors.types()).contains("hubspot", "salesforce");
        for (String type : connectors.types()) {
            Connector connector = connectors.forType(type);
            assertThat(out).contains(type + " settings:");
            assertThat(out).contains(type + " streams: " + String.join(", ", connector.streamNames()));
            for (Setting s : connector.settings()) {
                assertThat(out).as(type).containsPattern("(?m)^  " + Pattern.quote(s.key()) + " +"
                        + s.kind().name().toLowerCase().replace('_', '-') + " +" + (s.required() ? "yes" : "no")
                        + " +" + (s.secret() ? "yes" : "no") + " ");
            }
        }
        assertThat(out).containsPattern("(?m)^  call-timeout-seconds +whole-number +no +no +120 ");
        assertThat(out).containsPattern("(?m)^  token +secret +no +yes ");
        assertThat(out).containsPattern("(?m)^  base-url +url +no +no ").containsPattern("(?m)^  base-url +url +yes +no ");
    }

    @Test
    void theReadmeSettingsTablesListExactlyTheDeclaredKeysOfEveryType() throws Exception {
        String readme = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("README.md"));
        int start = readme.indexOf("\n## Settings per CRM\n");
        assertThat(start).as("README section 'Settings per CRM'").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        Map<String, List<String>> tables = tables(readme.substring(start, end < 0 ? readme.length() : end));

        assertThat(tables.get("Every source")).as("common settings")
                .containsExactlyElementsOf(CommonSettings.ALL.stream().map(Setting::key).toList());
        Connectors connectors = new Connectors();
        org.assertj.core.api.SoftAssertions each = new org.assertj.core.api.SoftAssertions();
        for (String type : connectors.types()) {
            List<String> declared = connectors.forType(type).settings().stream().map(Setting::key).toList();
            each.assertThat(tables.getOrDefault("`" + type + "`", List.of()))
                    .as("README table of type '" + type + "' (paste `crmw connectors --format markdown`)")
                    .containsExactlyElementsOf(declared);
        }
        each.assertAll();
    }

    /** Subsection title ({@code ### x}) → the keys of its table's rows, in order. */
    private static Map<String, List<String>> tables(String section) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : section.lines().toList()) {
            if (line.startsWith("### ")) {
                current = new ArrayList<>();
                out.put(line.substring(4).strip(), current);
            } else if (current != null) {
                Matcher m = ROW_KEY.matcher(line);
                if (m.find()) {
                    current.add(m.group(1));
                }
            }
        }
        return out;
    }
}
