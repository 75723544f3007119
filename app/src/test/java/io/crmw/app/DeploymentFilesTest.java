package io.crmw.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml, the Dockerfile, the launcher and CI agree with each other and with the build. */
class DeploymentFilesTest {
    private final Path root = Path.of("..").toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsServeWithConfigAndDataVolumes() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsOnlyKeys("crmw", "postgres", "crmw-node-1", "crmw-node-2");
        assertThat(crmw(services).get("profiles")).as("the single node starts without a profile").isNull();
        Map<String, Object> crmw = (Map<String, Object>) services.get("crmw");
        assertThat(crmw.get("build")).isEqualTo(".");
        List<String> command = (List<String>) crmw.get("command");
        assertThat(command.get(0)).isEqualTo("serve");
        assertThat(command).containsSequence("--config", "/app/config/application.yml");
        assertThat(command).containsSequence("--bind", "0.0.0.0");
        assertThat((List<String>) crmw.get("volumes")).containsExactlyInAnyOrder("./config:/app/config:ro", "./data:/app/data");
        assertThat((List<String>) crmw.get("ports")).containsExactly("127.0.0.1:8080:8080");
        Map<String, Object> env = (Map<String, Object>) crmw.get("environment");
        assertThat(env.get("HUBSPOT_TOKEN").toString()).startsWith("${HUBSPOT_TOKEN");
        // every secret the example sources name reaches every crmw service (a variable compose does not pass is unset
        // in the container, whatever .env holds)
        Set<String> named = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}")
                .matcher(Files.readString(root.resolve("config/sources.example.yml")));
        while (m.find()) {
            named.add(m.group(1));
        }
        named.remove("ENV_VAR");
        assertThat(named).hasSizeGreaterThan(8);
        for (String service : List.of("crmw", "crmw-node-1", "crmw-node-2")) {
            Map<String, Object> serviceEnv = (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
            for (String variable : named) {
                assertThat(serviceEnv).as(service).containsEntry(variable, "${" + variable + ":-}");
            }
        }
        // the compose config path is the shipped config, which must exist in the mounted folder
        assertThat(root.resolve("config/application.yml")).exists();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> crmw(Map<String, Object> services) {
        return (Map<String, Object>) services.get("crmw");
    }

    /**
     * The cluster profile: PostgreSQL with a health check the nodes wait for, two nodes sharing one data volume and the
     * same config, each with its own node id, the passwords only from the environment, and a config that the loader
     * accepts as cluster mode pointing at that database.
     */
    @Test
    @SuppressWarnings("unchecked")
    void composeClusterProfileRunsTwoNodesOnPostgresAndOneSharedDataVolume() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
        assertThat((List<String>) postgres.get("profiles")).containsExactly("cluster");
        assertThat(postgres.get("image").toString()).startsWith("postgres:");
        Map<String, Object> pgEnv = (Map<String, Object>) postgres.get("environment");
        assertThat(pgEnv.get("POSTGRES_PASSWORD").toString()).startsWith("${CRMW_DB_PASSWORD:?");
        List<String> check = (List<String>) ((Map<String, Object>) postgres.get("healthcheck")).get("test");
        assertThat(String.join(" ", check)).contains("pg_isready");
        assertThat((List<String>) postgres.get("volumes")).containsExactly("crmw-postgres:/var/lib/postgresql/data");

        Set<String> nodeIds = new java.util.HashSet<>();
        for (String name : List.of("crmw-node-1", "crmw-node-2")) {
            Map<String, Object> node = (Map<String, Object>) services.get(name);
            assertThat((List<String>) node.get("profiles")).as(name).containsExactly("cluster");
            assertThat((List<String>) node.get("command")).as(name)
                    .containsSequence("--config", "/app/config/cluster.yml").containsSequence("--bind", "0.0.0.0");
            assertThat((List<String>) node.get("volumes")).as(name)
                    .containsExactlyInAnyOrder("./config:/app/config:ro", "crmw-shared-data:/app/data");
            Map<String, Object> env = (Map<String, Object>) node.get("environment");
            nodeIds.add(env.get("CRMW_NODE_ID").toString());
            assertThat(env.get("CRMW_DB_PASSWORD").toString()).as(name).startsWith("${CRMW_DB_PASSWORD:?");
            assertThat(env.get("CRMW_SERVE_TOKEN").toString()).as(name).startsWith("${CRMW_SERVE_TOKEN:?");
            Map<String, Object> dependsOn = (Map<String, Object>) node.get("depends_on");
            assertThat(((Map<String, Object>) dependsOn.get("postgres")).get("condition")).isEqualTo("service_healthy");
        }
        assertThat(nodeIds).containsExactlyInAnyOrder("crmw-node-1", "crmw-node-2");
        assertThat(((Map<String, Object>) compose.get("volumes"))).containsKeys("crmw-postgres", "crmw-shared-data");

        // the mounted cluster config is cluster mode against the compose database, secrets from the environment
        var loader = new io.crmw.app.config.ConfigLoader(new io.crmw.connectors.extract.Connectors(),
                Map.of("CRMW_DB_PASSWORD", "pw-from-env", "CRMW_NODE_ID", "crmw-node-1",
                        "CRMW_SERVE_TOKEN", "a-serve-token-of-24-chars")::get);
        var config = loader.load(root.resolve("config/cluster.yml"));
        var cluster = config.cluster().orElseThrow();
        assertThat(cluster.databaseUrl()).isEqualTo("jdbc:postgresql://postgres:5432/crmw");
        assertThat(cluster.username()).isEqualTo(pgEnv.get("POSTGRES_USER"));
        assertThat(cluster.password().reveal()).isEqualTo("pw-from-env");
        assertThat(cluster.nodeId()).isEqualTo("crmw-node-1");
        assertThat(Files.readString(root.resolve("config/cluster.yml"))).doesNotContain("pw-from-env");
    }

    @Test
    void dockerfileRunsTheJarTheBuildProduces() throws Exception {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        String appPom = Files.readString(root.resolve("app/pom.xml"));
        assertThat(appPom).contains("<finalName>crmw</finalName>");
        assertThat(dockerfile).contains("COPY --from=build /src/app/target/crmw.jar /app/crmw.jar");
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/crmw.jar\"]");
        assertThat(dockerfile).contains("WORKDIR /app");
        assertThat(dockerfile).contains("FROM eclipse-temurin:17");
    }

    @Test
    void ciRunsTheReadmeTestCommand() throws Exception {
        String readme = Files.readString(root.resolve("README.md"));
        String ci = Files.readString(root.resolve(".ci/run"));
        String testCommand = "./mvnw -B -ntp verify";
        assertThat(readme).contains(testCommand);
        assertThat(ci).contains(testCommand);
        assertThat(Files.readString(root.resolve("crmw"))).contains("app/target/crmw.jar");
    }

    @Test
    void theImageRunsAsAnUnprivilegedUser() throws Exception {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        List<String> users = runtime.lines().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).hasSize(1);
        String user = users.get(0).substring(5).strip();
        assertThat(user).isNotIn("root", "0", "0:0", "root:root");
        // the user is set before the entrypoint, so serve never runs as root
        assertThat(runtime.indexOf("USER ")).isLessThan(runtime.indexOf("ENTRYPOINT"));
    }

    @Test
    void secretsAreIgnoredByGitAndByTheDockerBuild() throws Exception {
        List<String> gitignore = Files.readAllLines(root.resolve(".gitignore"));
        assertThat(gitignore).contains(".env", "*.pem", "config/*.pem");
        List<String> dockerignore = Files.readAllLines(root.resolve(".dockerignore"));
        assertThat(dockerignore).contains(".env", "*.pem");
    }
}
