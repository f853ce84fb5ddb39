package io.tillsync.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the deployment descriptors (docker-compose.yml, deploy/k8s) are checked against: the four services, where the
 * repository is, and the configuration text the services read (their and service-kit's YAML and properties files).
 */
final class ServiceConfigText {

    static final List<String> SERVICES = List.of("intake-service", "sync-service", "delivery-service", "poller-service");
    static final Path ROOT = TestStack.findUp(Path.of("docker-compose.yml")).getParent();

    private ServiceConfigText() {
    }

    /** Every configuration file of the services and service-kit, concatenated. */
    static String all() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : Stream.concat(SERVICES.stream(), Stream.of("service-kit")).toList()) {
            Path resources = ROOT.resolve(module).resolve("src/main/resources");
            try (Stream<Path> files = Files.walk(resources)) {
                for (Path file : files.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(ya?ml|properties)")).toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            }
        }
        return all.toString();
    }

    /** True when the configuration reads {@code variable} as a placeholder ({@code ${VARIABLE}} or with a default). */
    static boolean reads(String config, String variable) {
        return Pattern.compile("\\$\\{" + Pattern.quote(variable) + "[:}]").matcher(config).find();
    }
}
