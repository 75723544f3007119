package io.crmw.sandbox;

import io.crmw.sandbox.business.FxRates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sandbox's own reference inputs: the generator's made-up exchange rates (2022–2027), its six campaigns' costs,
 * its overhead pools and its loss reasons. They belong to the simulated business only, so they never ship in
 * {@code config/reference} (the folder real users start from); the demo and the tests write a reference folder of
 * their own: the shipped files, with the sandbox's files in place of the empty templates and its reason rows added.
 */
public final class SandboxReference {
    private static final String RESOURCES = "/io/crmw/sandbox/reference/";
    /** Replace the shipped header-only templates. */
    private static final List<String> REPLACED = List.of("fx_rates.csv", "campaign_costs.csv", "cost_pools.csv");
    /** Rows added to the shipped file (the header line is not repeated). */
    private static final List<String> APPENDED = List.of("reason_map.csv");

    private SandboxReference() {}

    /** The sandbox's exchange rates, as the truth classes convert with them. */
    public static FxRates fxRates() {
        return FxRates.parse(lines("fx_rates.csv"));
    }

    /**
     * Writes {@code target}: every file of {@code shipped} (the {@code config/reference} folder), then the sandbox's
     * files over the templates and its rows under the shipped maps. Returns {@code target}.
     */
    public static Path write(Path target, Path shipped) {
        try {
            Files.createDirectories(target);
            if (Files.isDirectory(shipped)) {
                try (Stream<Path> files = Files.list(shipped)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, target.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (String name : REPLACED) {
                Files.write(target.resolve(name), lines(name), StandardCharsets.UTF_8);
            }
            for (String name : APPENDED) {
                Path file = target.resolve(name);
                List<String> rows = new ArrayList<>(Files.isRegularFile(file) ? Files.readAllLines(file) : List.of());
                List<String> extra = lines(name);
                if (rows.isEmpty()) {
                    rows.addAll(extra);
                } else {
                    rows.addAll(extra.subList(1, extra.size()));
                }
                Files.write(file, rows, StandardCharsets.UTF_8);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox's reference folder " + target + ": " + e.getMessage(), e);
        }
    }

    private static List<String> lines(String name) {
        try (InputStream in = SandboxReference.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the sandbox jar lacks " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
