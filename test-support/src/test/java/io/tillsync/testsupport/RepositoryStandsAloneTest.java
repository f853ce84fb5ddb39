package io.tillsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Facts the code cites live in the repository (docs/providers.md), never in notes outside it. */
class RepositoryStandsAloneTest {

    private static final Path ROOT = TestStack.findUp(Path.of("docker-compose.yml")).getParent();
    private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules", ".run");

    @Test
    void shouldCiteProviderFactsFromDocsProvidersMd() throws IOException {
        assertThat(ROOT.resolve("docs/providers.md")).exists();
        List<String> citing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(Files::isRegularFile).filter(RepositoryStandsAloneTest::ours)
                    .filter(p -> p.toString().matches(".*\\.(java|md|avsc|ya?ml|properties|sh|js)$")).toList()) {
                if (Files.readString(file).contains("PROVIDERS" + ".md")) {
                    citing.add(ROOT.relativize(file).toString());
                }
            }
        }
        assertThat(citing).as("files citing a provider-facts file outside the repository").isEmpty();
    }

    private static boolean ours(Path file) {
        for (Path part : ROOT.relativize(file)) {
            if (SKIPPED.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }
}
