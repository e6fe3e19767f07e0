package io.spanvault.server;

import io.spanvault.config.ConfigException;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigProblem;
import io.spanvault.config.ServiceConfig;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.graph.ComponentStartException;
import io.spanvault.pipeline.graph.ServiceGraph;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one command line and says how it went as an exit code. */
final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** How long a shutdown (SIGTERM) may take to drain before the process exits anyway. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final PrintStream out;
    private final PrintStream err;

    Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String... args) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("spanvault: " + e.getMessage());
            err.print(CommandLine.usage());
            return USAGE;
        }
        switch (line.command()) {
            case HELP -> {
                out.print(CommandLine.usage());
                return OK;
            }
            case VERSION -> {
                out.println("spanvault " + Version.current());
                return OK;
            }
            case VALIDATE -> {
                return validate(line);
            }
            default -> {
                return runService(line);
            }
        }
    }

    private ServiceConfig load(CommandLine line, ComponentRegistry registry) throws ConfigException {
        return new ConfigLoader(registry).load(line.sources());
    }

    /**
     * Loads the config and builds the whole service graph from it, starting nothing: creating components opens
     * no port, file or store (storage backends open when a component first asks for one, in {@code start}).
     */
    private int validate(CommandLine line) {
        ComponentRegistry registry = ComponentRegistry.loadInstalled();
        try {
            ServiceConfig config = load(line, registry);
            config.warnings().forEach(err::println);
            ServiceGraph.build(config.spec(), registry, new Telemetry());
            out.println("The config is valid: " + config.spec().pipelines().size() + " pipeline(s).");
            return OK;
        } catch (ConfigException e) {
            printProblems(e.problems());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            err.println("1 error in the config.");
            return FAILED;
        }
    }

    private void printProblems(List<ConfigProblem> problems) {
        problems.forEach(err::println);
        long errors = problems.stream().filter(ConfigProblem::isError).count();
        err.println(errors + (errors == 1 ? " error" : " errors") + " in the config.");
    }

    /** Runs the service until the process is told to stop; returns only then (or if it cannot start). */
    private int runService(CommandLine line) {
        long began = System.nanoTime();
        LocaleDataWarmup.start();
        ComponentRegistry registry = ComponentRegistry.loadInstalled();
        ServiceConfig config;
        try {
            config = load(line, registry);
        } catch (ConfigException e) {
            printProblems(e.problems());
            return FAILED;
        }
        LogLevels.apply(config.telemetry().logs().level());
        Logger log = LoggerFactory.getLogger(Cli.class);
        log.info("Starting spanvault {} with {}", Version.current(), describe(line));
        config.warnings().forEach(w -> log.warn("{}", w));
        SpanvaultService service;
        try {
            service = SpanvaultService.create(config, registry);
        } catch (IllegalArgumentException e) {
            log.error("Invalid config: {}", e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // a component could not be built, e.g. its data directory is locked: not the config's fault
            log.error("Cannot start: {}", e.getMessage());
            log.debug("create failure", e);
            return FAILED;
        }
        try {
            service.start();
        } catch (ComponentStartException e) {
            // one line that says who and where; the trace only helps us, at debug
            log.error("Cannot start: {}{}", e.getMessage(), e.addressInUse()
                    ? " (another process is listening there: stop it, or give " + e.component()
                            + " another endpoint in the config)" : "");
            log.debug("start failure", e);
            return FAILED;
        } catch (Exception e) {
            log.error("Cannot start: {}", e.getMessage(), e);
            return FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> service.stop(SHUTDOWN_TIMEOUT), "spanvault-stop"));
        log.info("Everything is ready. Begin running and processing data. (started in {} ms)",
                (System.nanoTime() - began) / 1_000_000);
        try {
            service.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.stop(SHUTDOWN_TIMEOUT);
        }
        return OK;
    }

    private static String describe(CommandLine line) {
        StringBuilder what = new StringBuilder();
        if (line.preset().isPresent() || line.configFiles().isEmpty()) {
            what.append("preset ").append(line.preset().orElse(io.spanvault.config.Presets.DEFAULT));
        }
        for (var file : line.configFiles()) {
            what.append(what.length() == 0 ? "" : ", ").append(file);
        }
        return what.toString();
    }
}
