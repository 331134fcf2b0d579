package dev.logq.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code logq export [OPTIONS] [PATTERN]}: logq's own search, with every stored copy and as JSON lines, each
 * event with its origin, seq and times: what {@code logq import} takes back. It is exactly
 * {@code logq --all-copies -o json OPTIONS [PATTERN]}; options given before the word export count too.
 */
final class ExportCommand implements Callable<Integer> {

    private static final String[] DESCRIPTION = {
            "Print the events logq would find, as JSON lines with every stored copy, for logq import:",
            "the same as logq --all-copies -o json with the same options. Without a pattern, every event",
            "in the time range."};

    private static final String[] FOOTER = {
            "  logq export --since 30d > november.json",
            "  logq export --since 2026-11-01 --until 2026-12-01 -H web1 | gzip > web1-november.json.gz",
            "",
            "Exit status: as logq's."};

    private final Logq.Env env;
    private CommandSpec spec;

    ExportCommand(Logq.Env env) {
        this.env = env;
    }

    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("export").exitCodeOnInvalidInput(FanOut.ERROR).exitCodeOnExecutionException(FanOut.ERROR);
        spec.usageMessage().autoWidth(true).parameterListHeading("%n").description(DESCRIPTION)
                .footerHeading("%nExamples:%n").footer(FOOTER);
        spec.parser().unmatchedOptionsArePositionalParams(true);
        spec.addOption(LogqOptions.helpOption(1));
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("OPTIONS").type(List.class).auxiliaryTypes(String.class)
                .description("logq's options and pattern (logq --help).").build());
        return spec;
    }

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of("--all-copies", "-o", "json"));
        List<String> original = spec.parent().commandLine().getParseResult().originalArgs();
        args.addAll(original.subList(0, original.indexOf("export")));
        List<String> own = spec.positionalParameters().getFirst().getValue();
        if (own != null) {
            args.addAll(own);
        }
        CommandLine logq = Logq.commandLine(new Logq(env));
        return logq.execute(args.toArray(String[]::new));
    }
}
