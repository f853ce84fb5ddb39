package io.tillsync.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's PostgreSQL cluster, stopped and started with the same command the runbook gives. */
final class Postgres {

    private Postgres() {
    }

    static void stop() {
        pgctl("stop");
    }

    static void start() {
        pgctl("start");
    }

    private static void pgctl(String action) {
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            String version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("no cluster under /etc/postgresql"));
            Process p = new ProcessBuilder(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action))
                    .inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pg_ctlcluster " + action + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
