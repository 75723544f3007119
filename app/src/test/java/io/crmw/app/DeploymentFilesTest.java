package io.crmw.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertThat(services).containsOnlyKeys("crmw");
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
        // the compose config path is the shipped config, which must exist in the mounted folder
        assertThat(root.resolve("config/application.yml")).exists();
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
