package io.crmw.app.cli;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
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
            java.nio.file.Path key = sf.writePrivateKey(java.nio.file.Path.of("data", "sandbox-salesforce-key.pem"));
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
}
