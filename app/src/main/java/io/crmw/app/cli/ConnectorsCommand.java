package io.crmw.app.cli;

import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.Setting;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crmw connectors}: every CRM type on the class path with its settings and streams, from the declarations
 * ({@link CommonSettings} and {@link Connector#settings()}); needs no config and no secret. {@code --format markdown}
 * prints the README's "Settings per CRM" section.
 */
@Command(name = "connectors", mixinStandardHelpOptions = true,
        description = "List the CRM types with their settings (key, kind, required, secret, default, doc) and streams.")
final class ConnectorsCommand implements Callable<Integer> {

    enum Format { table, markdown }

    @Option(names = "--format", defaultValue = "table", description = "table or markdown (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        Connectors connectors = new Connectors();
        if (format == Format.markdown) {
            printMarkdown(connectors, System.out);
        } else {
            printTable(connectors, System.out);
        }
        return 0;
    }

    static void printTable(Connectors connectors, PrintStream out) {
        out.println("settings of every source (a connector's own declaration of the same key wins):");
        table(CommonSettings.ALL, out);
        for (String type : connectors.types()) {
            Connector connector = connectors.forType(type);
            out.println();
            out.println(type + " settings:");
            table(connector.settings(), out);
            out.println(type + " streams: " + String.join(", ", connector.streamNames()));
        }
        out.println();
        out.println("a secret comes from ${ENV_VAR} or <key>-file: /path, never from the config text");
    }

    private static void table(List<Setting> settings, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"key", "kind", "required", "secret", "default", "doc"});
        settings.forEach(s -> rows.add(row(s)));
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < width.length; i++) {
                line.append(String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(line.append(r[5]).toString().stripTrailing());
        }
    }

    private static String[] row(Setting s) {
        return new String[] {s.key(), s.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                s.required() ? "yes" : "no", s.secret() ? "yes" : "no",
                s.defaultValue() == null ? "" : s.defaultValue(), docOf(s)};
    }

    private static String docOf(Setting s) {
        return s.doc() + (s.kind() == Setting.Kind.WHOLE_NUMBER ? " [" + s.min() + ".." + s.max() + "]" : "");
    }

    /** The README's "Settings per CRM" section body: the common table, then one table and the streams per type. */
    static void printMarkdown(Connectors connectors, PrintStream out) {
        out.println("### Every source");
        out.println();
        markdownTable(CommonSettings.ALL, out);
        for (String type : connectors.types()) {
            Connector connector = connectors.forType(type);
            out.println();
            out.println("### `" + type + "`");
            out.println();
            markdownTable(connector.settings(), out);
            out.println();
            out.println("Streams: " + String.join(", ", connector.streamNames().stream().map(n -> "`" + n + "`").toList()) + ".");
        }
    }

    private static void markdownTable(List<Setting> settings, PrintStream out) {
        out.println("| key | kind | required | secret | default | what it is |");
        out.println("|---|---|---|---|---|---|");
        for (Setting s : settings) {
            String[] r = row(s);
            String key = "`" + r[0] + "`" + (s.secret() ? " (or `" + r[0] + "-file`)" : "");
            String def = r[4].isEmpty() ? "" : "`" + r[4] + "`";
            out.println("| " + key + " | " + r[1] + " | " + r[2] + " | " + r[3] + " | " + def + " | "
                    + r[5].replace("|", "\\|") + " |");
        }
    }
}
