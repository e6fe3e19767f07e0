package io.spanvault.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server run as a child JVM on the test class path, with its log lines collected as they come. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ServerProcess start(String... args) throws IOException {
        return start(List.of(), Map.of(), args);
    }

    /** With extra JVM options (e.g. the store's flags) and environment variables. */
    static ServerProcess start(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        return start(Path.of(System.getProperty("java.home"), "bin", "java"), jvmOptions, env, args);
    }

    /** On another JVM than the tests' (e.g. JDK 25). */
    static ServerProcess start(Path java, List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ServerProcess(builder.start());
    }

    /** The Chronicle Map flags this test JVM runs with (the Surefire argLine), for a server with a store. */
    static List<String> storeJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-") || option.startsWith("--enable-native-access")
                    || option.startsWith("--sun-misc") || option.startsWith("-XX:+IgnoreUnrecognized")
                    || option.startsWith("-Dchronicle")) {
                options.add(option);
            }
        }
        return options;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended; what it wrote is in lines.
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The first group of the first line matching {@code pattern}, waiting for it; fails with the output so far. */
    synchronized String await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                Matcher m = pattern.matcher(lines.get(seen));
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !reader.isAlive()) {
                throw new AssertionError("no line matching " + pattern + " within " + timeout + "; output:\n"
                        + String.join("\n", lines));
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
    }

    synchronized String output() {
        return String.join("\n", lines);
    }

    /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its output, losing the last lines.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not stop within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the process to exit on its own; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + timeout + "; output:\n" + output());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGKILL: the process gets no chance to flush or drain. */
    void kill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not die within " + timeout);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
