package io.spanvault.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while a config is read, naming for each key the file it came from (the last file that
 * set it, since later files win).
 */
final class ProblemReporter {
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final KeyOrigins origins;

    ProblemReporter(KeyOrigins origins) {
        this.origins = origins;
    }

    void error(KeyPath key, String message) {
        problems.add(new ConfigProblem(Severity.ERROR, origins.sourceOf(key), key, message));
    }

    void warning(KeyPath key, String message) {
        problems.add(new ConfigProblem(Severity.WARNING, origins.sourceOf(key), key, message));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(ConfigProblem::isError);
    }

    List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }
}
