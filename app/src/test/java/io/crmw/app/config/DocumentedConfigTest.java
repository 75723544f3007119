package io.crmw.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.extract.Connectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration the documentation shows is accepted as written: the YAML blocks of the README and the per-CRM
 * docs (whole configs and source snippets) and every source of {@code config/sources.example.yml}, the commented-out alternatives included.
 * Secrets resolve from a stub environment and {@code *-file} keys point at temporary files.
 */
class DocumentedConfigTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FILE_KEY = Pattern.compile("(?m)^(\\s*[a-z-]+-file:\\s*)(\\S+)\\s*$");

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(new Connectors(), name -> "stub-value-of-" + name);

    @Test
    void everyReadmeConfigBlockLoads() throws Exception {
        List<String> blocks = new ArrayList<>();
        for (Path doc : List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/pipedrive.md"),
                ROOT.resolve("docs/zoho.md"), ROOT.resolve("docs/zendesk.md"))) {
            Matcher m = YAML_BLOCK.matcher(Files.readString(doc));
            while (m.find()) {
                blocks.add(m.group(1));
            }
        }
        List<String> sources = blocks.stream().filter(b -> b.contains("type:")).toList();
        assertThat(sources).hasSizeGreaterThanOrEqualTo(2);
        int loaded = 0;
        for (String block : sources) {
            String yaml = block.contains("crmw:") ? block : "crmw:\n  sources:\n" + indent(block, 4);
            CrmwConfig config = loader.load(write("readme-" + loaded + ".yml", withKeyFiles(yaml)));
            assertThat(config.sources()).isNotEmpty();
            loaded++;
        }
        assertThat(loaded).isEqualTo(sources.size());
    }

    @Test
    void everyExampleSourceLoadsCommentedAlternativesIncluded() throws Exception {
        String example = Files.readString(ROOT.resolve("config/sources.example.yml"));
        // uncomment the alternative sources ("    # - name: …" and their indented keys), keep prose comments
        StringBuilder all = new StringBuilder();
        boolean inAlternative = false;
        for (String line : example.split("\n", -1)) {
            if (line.matches("\\s*# - name: .*")) {
                inAlternative = true;
            } else if (!line.matches("\\s*#\\s{3}\\S.*")) {
                inAlternative = false;
            }
            all.append(inAlternative ? line.replaceFirst("# ", "") : line).append('\n');
        }
        CrmwConfig config = loader.load(write("example.yml", withKeyFiles(all.toString())));
        assertThat(config.sources()).extracting(s -> s.config().name()).containsExactly("hubspot-main", "hubspot-eu",
                "salesforce-main", "salesforce-eu", "salesforce-sandbox", "pipedrive-main", "zoho-main", "zendesk-support",
                "zendesk-support-oauth", "zendesk-sell");
        assertThat(config.source("salesforce-eu").orElseThrow().config().secret("private-key")).isPresent();
    }

    private String withKeyFiles(String yaml) throws Exception {
        Matcher m = FILE_KEY.matcher(yaml);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (m.find()) {
            Path file = dir.resolve("secret-" + i++);
            Files.writeString(file, "stub-secret-from-file");
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + file));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        return text.lines().map(l -> pad + l).reduce("", (a, b) -> a + b + "\n");
    }
}
