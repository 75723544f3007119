package io.crmw.app.cli;

import io.crmw.sandbox.Sandbox;
import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.Setting;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Start the CRM simulators on loopback and print their base URLs and tokens, until Ctrl-C.")
final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "4", description = "generated business size (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--crms", split = ",", paramLabel = "CRM",
            description = "the simulators to start (default: every registered one: hubspot, salesforce, pipedrive)")
    List<String> crms = SimulatorProvider.all().stream().map(SimulatorProvider::type).toList();

    @Option(names = "--hubspot-only", description = "same as --crms hubspot")
    boolean hubspotOnly;

    @Override
    public Integer call() throws InterruptedException {
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(seed).withSize(size)
                .withCrmTypes(DemoCommand.selected(hubspotOnly ? List.of("hubspot") : crms)));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stop.countDown();
        }));
        Connectors connectors = new Connectors();
        sandbox.simulators().forEach((type, simulator) -> {
            System.out.println(SimulatorProvider.of(type).description() + ": " + simulator.baseUrl());
            java.util.Set<String> secrets = new java.util.HashSet<>();
            connectors.forType(type).settings().stream().filter(Setting::secret).forEach(d -> secrets.add(d.key()));
            StringBuilder source = new StringBuilder("  as a source:    type: " + type);
            simulator.connectionSettings().forEach((key, value) -> {
                String variable = (type + "_" + key).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                source.append(", ").append(key).append(": ").append(secrets.contains(key) ? "${" + variable + "}" : value);
                if (secrets.contains(key)) {
                    System.out.println("  export " + variable + "=" + value);
                }
            });
            System.out.println(source);
            simulator.otherAuthSettings().forEach((key, value) -> System.out.printf("  other auth:     %s = %s%n", key, value));
            if (simulator instanceof io.crmw.sandbox.salesforce.SalesforceSimulator sf) {
                Path key = writeOwnerOnly(Path.of("data", "sandbox-salesforce-key.pem"), sf.privateKeyPem());
                System.out.println("  JWT bearer:     username " + sf.username() + ", private-key-file " + key.toAbsolutePath());
            }
        });
        System.out.println("Ctrl-C to stop.");
        stop.await();
        return 0;
    }

    /**
     * Writes a key file readable by its owner only (0600 where the file system has POSIX permissions): the file is
     * created with those permissions, or narrowed to them before an existing one is overwritten, so the key is never
     * readable by others, not even for a moment.
     */
    static Path writeOwnerOnly(Path file, String content) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            if (posix) {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, ownerOnly);
                } else {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
                }
            }
            Files.writeString(file, content, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the sandbox's Salesforce key to " + file + " ("
                    + e.getClass().getSimpleName() + "); run `crmw sandbox` from a writable directory");
        }
    }
}
