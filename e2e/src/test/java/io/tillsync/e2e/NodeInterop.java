package io.tillsync.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code interop/} with Node.js (independent clients: kafkajs, the {@code standardwebhooks}
 * reference library), installing its packages on first use; returns the last line it printed.
 */
final class NodeInterop {

    private NodeInterop() {
    }

    static String node(E2eStack stack, List<String> args, String stdin) throws IOException, InterruptedException {
        Path dir = stack.root().resolve("e2e/interop");
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), "", 300);
        }
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(args);
        return run(dir, command, stdin, 180);
    }

    private static String run(Path dir, List<String> command, String stdin, int timeoutSeconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed (is Node.js 18+ with npm installed?): " + out);
        }
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
