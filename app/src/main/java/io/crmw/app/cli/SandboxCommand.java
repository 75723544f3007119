package io.crmw.app.cli;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
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

    @Option(names = "--hubspot-only", description = "start only the HubSpot simulator (default: HubSpot + Salesforce)")
    boolean hubspotOnly;

    @Override
    public Integer call() throws InterruptedException {
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(seed).withSize(size).withSalesforce(!hubspotOnly));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stop.countDown();
        }));
        System.out.println("HubSpot simulator: " + sandbox.hubspot().baseUrl());
        System.out.println("  token:          " + sandbox.hubspot().token());
        System.out.println("  as a source:    type: hubspot, base-url: " + sandbox.hubspot().baseUrl()
                + ", token: ${HUBSPOT_TOKEN}   (export HUBSPOT_TOKEN=" + sandbox.hubspot().token() + ")");
        if (!hubspotOnly) {
            var sf = sandbox.salesforce();
            Path key = writeOwnerOnly(Path.of("data", "sandbox-salesforce-key.pem"), sf.privateKeyPem());
            System.out.println("Salesforce simulator: login-url " + sf.loginUrl() + " (instance_url " + sf.instanceUrl() + ")");
            System.out.println("  client-id:      " + sf.clientId());
            System.out.println("  client-secret:  " + sf.clientSecret() + "   (client credentials; export SALESFORCE_CLIENT_SECRET=…)");
            System.out.println("  refresh-token:  " + sf.refreshToken());
            System.out.println("  JWT bearer:     username " + sf.username() + ", private-key-file " + key.toAbsolutePath());
        }
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
