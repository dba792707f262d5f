package dev.jgrad.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code --config FILE}: a YAML (or JSON, which YAML reads too) map from long option names without
 * the dashes to values, turned into command-line arguments. Options given on the command line win
 * over the file; unknown keys are usage errors.
 *
 * <pre>{@code
 * model: cnn
 * dataset: [fashion-mnist]
 * epochs: 10
 * lr: 0.001
 * }</pre>
 */
final class ConfigFiles {
    private static final ObjectMapper YAML = new YAMLMapper();

    private ConfigFiles() {}

    /** The file's settings as arguments, then the options given on the command line except {@code --config}. */
    static List<String> arguments(Path file, CommandSpec spec, ParseResult given) throws IOException {
        Map<?, ?> settings;
        try {
            settings = YAML.readValue(Files.readString(file), Map.class);
        } catch (JacksonException e) {
            throw new ParameterException(spec.commandLine(), file + ": not a YAML or JSON map of options: " + e.getOriginalMessage());
        }
        List<String> args = new ArrayList<>();
        if (settings != null) {
            settings.forEach((key, value) -> {
                String name = "--" + key;
                OptionSpec option = spec.findOption(name);
                if (option == null || name.equals("--config")) {
                    throw new ParameterException(spec.commandLine(), file + ": unknown key '" + key + "' (keys are the long option names of 'jgrad "
                            + spec.name() + "', without --)");
                }
                if (given.hasMatchedOption(name) || value == null) return;
                args.add(name);
                if (value instanceof List<?> list) list.forEach(v -> args.add(String.valueOf(v)));
                else args.add(String.valueOf(value));
            });
        }
        for (OptionSpec option : given.matchedOptions()) {
            if (option.longestName().equals("--config")) continue;
            args.add(option.longestName());
            args.addAll(option.originalStringValues());
        }
        return args;
    }
}
