package io.crmw.sandbox;

import io.crmw.sandbox.business.Crm;
import java.util.concurrent.CountDownLatch;

/** Starts a sandbox and keeps it up until Ctrl-C. Arguments: [seed] [size] [port] [--salesforce] [--pipedrive]. */
public final class SandboxMain {

  private SandboxMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    SandboxOptions o = SandboxOptions.defaults();
    if (java.util.Arrays.asList(args).contains("--salesforce")) {
      o = o.withSalesforce(true);
    }
    if (java.util.Arrays.asList(args).contains("--pipedrive")) {
      java.util.Set<Crm> crms = java.util.EnumSet.copyOf(o.crms());
      crms.add(Crm.PIPEDRIVE);
      o = o.withCrms(crms);
    }
    args = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toArray(String[]::new);
    if (args.length > 0) {
      o = o.withSeed(Long.parseLong(args[0]));
    }
    if (args.length > 1) {
      o = o.withSize(Integer.parseInt(args[1]));
    }
    if (args.length > 2) {
      o = o.withPort(Integer.parseInt(args[2]));
    }
    Sandbox sandbox = Sandbox.start(o);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    }));
    System.out.println("HubSpot sandbox (seed " + o.seed() + ", size " + o.size() + ")");
    System.out.println("  base URL: " + sandbox.hubspot().baseUrl());
    System.out.println("  token:    " + sandbox.hubspot().token());
    System.out.println("  deals: " + sandbox.groundTruth().liveDeals() + " live, contacts: "
        + sandbox.groundTruth().liveContacts() + ", companies: " + sandbox.groundTruth().liveCompanies());
    if (o.salesforce()) {
      var sf = sandbox.salesforce();
      System.out.println("Salesforce sandbox (enterprise deals; the rest stays in HubSpot)");
      System.out.println("  login URL:     " + sf.loginUrl() + "   (instance URL: " + sf.instanceUrl() + ")");
      System.out.println("  client id:     " + sf.clientId());
      System.out.println("  client secret: " + sf.clientSecret());
      System.out.println("  username:      " + sf.username());
      System.out.println("  refresh token: " + sf.refreshToken());
      System.out.println("  JWT key file:  " + sf.writePrivateKey(java.nio.file.Path.of(
          System.getProperty("java.io.tmpdir"), "crmw-sandbox-salesforce.pem")));
    }
    if (o.runs(Crm.PIPEDRIVE)) {
      var pd = sandbox.pipedrive();
      System.out.println("Pipedrive sandbox (partner-channel deals)");
      System.out.println("  base URL:      " + pd.baseUrl() + "   (OAuth: " + pd.oauthUrl() + "/oauth/token)");
      System.out.println("  API token:     " + pd.apiToken() + "   (header x-api-token)");
      System.out.println("  client id:     " + pd.clientId());
      System.out.println("  client secret: " + pd.clientSecret());
      System.out.println("  refresh token: " + pd.refreshToken());
    }
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
  }
}
