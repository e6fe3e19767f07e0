package io.spanvault.server;

import io.spanvault.config.ConfigException;
import io.spanvault.config.ConfigSource;
import io.spanvault.config.Presets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed arguments: {@code [run|validate] [--config FILE]... [--preset NAME]}, {@code --help},
 * {@code --version}. Options take their value as the next argument or after {@code =}, as the collector's.
 */
record CommandLine(Command command, List<Path> configFiles, Optional<String> preset) {

    static final String USAGE = """
            Usage: spanvault [run] [--config FILE]... [--preset NAME]
                   spanvault validate [--config FILE]... [--preset NAME]
                   spanvault --help | --version

            Commands:
              run             start the service (the default)
              validate        check the config, print every problem, exit 1 if any is an error

            Options:
              --config FILE   a collector-style YAML config; repeat to merge several (later files win)
              --preset NAME   start from an embedded config (%s); --config files merge over it
              -h, --help      print this help
              -v, --version   print the version

            With neither --config nor --preset the all-in-one preset runs: OTLP on 127.0.0.1:4317 (gRPC) and
            :4318 (HTTP), traces kept in ./data, the query API and UI on 127.0.0.1:16686.
            """;

    CommandLine {
        configFiles = List.copyOf(configFiles);
    }

    static String usage() {
        return USAGE.formatted(String.join(", ", Presets.names()));
    }

    static CommandLine parse(String... args) throws UsageException {
        Command command = null;
        List<Path> files = new ArrayList<>();
        String preset = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (option) {
                case "-h", "--help" -> {
                    return new CommandLine(Command.HELP, List.of(), Optional.empty());
                }
                case "-v", "--version" -> {
                    return new CommandLine(Command.VERSION, List.of(), Optional.empty());
                }
                case "run", "validate" -> {
                    if (command != null || i > 0) {
                        throw new UsageException("the command '" + arg + "' must come first");
                    }
                    command = arg.equals("run") ? Command.RUN : Command.VALIDATE;
                }
                case "--config" -> {
                    files.add(Path.of(value(args, i, arg)));
                    i += arg.contains("=") ? 0 : 1;
                }
                case "--preset" -> {
                    if (preset != null) {
                        throw new UsageException("--preset may be given once");
                    }
                    preset = value(args, i, arg);
                    i += arg.contains("=") ? 0 : 1;
                }
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        return new CommandLine(command == null ? Command.RUN : command, files, Optional.ofNullable(preset));
    }

    private static String value(String[] args, int i, String arg) throws UsageException {
        int equals = arg.indexOf('=');
        String value = equals >= 0 ? arg.substring(equals + 1) : i + 1 < args.length ? args[i + 1] : "";
        if (value.isEmpty() || (equals < 0 && value.startsWith("-"))) {
            throw new UsageException(arg + " needs a value");
        }
        return value;
    }

    /** The config to load: the preset (all-in-one when no file is given) followed by the files. */
    List<ConfigSource> sources() throws ConfigException {
        List<ConfigSource> sources = new ArrayList<>();
        if (preset.isPresent() || configFiles.isEmpty()) {
            sources.add(Presets.source(preset.orElse(Presets.DEFAULT)));
        }
        for (Path file : configFiles) {
            sources.add(ConfigSource.file(file));
        }
        return sources;
    }
}
