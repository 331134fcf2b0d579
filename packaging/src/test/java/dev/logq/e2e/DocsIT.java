package dev.logq.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The man page and the bash and zsh completion the build writes from logq's command line. */
class DocsIT {

    static final Path SHARE = Dist.bin("logq").getParent().getParent().resolve("share");

    /** Every long option {@code logq --help} lists. */
    static List<String> helpOptions() {
        Run help = Logq.run(List.of(), "--help");
        assertEquals(0, help.exit(), help.toString());
        Pattern option = Pattern.compile("^\\s+(?:-\\w, )?(--[a-z][a-z-]+)");  // an option's own line: "  -F, --fixed-strings"
        return help.out().lines().map(option::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().toList();
    }

    @Test
    void theManPageRendersAndNamesEveryOptionOfTheHelp() {
        Run man = Run.of(List.of("man", "-l", SHARE.resolve("man/man1/logq.1").toString()), Map.of("MANWIDTH", "100", "MAN_KEEP_FORMATTING", ""), null);
        assertEquals(0, man.exit(), man.toString());
        String page = man.out().replaceAll(".\b", "");  // overstrike bold, if any
        assertTrue(page.startsWith("LOGQ(1)"), page);
        List<String> options = helpOptions();
        assertTrue(options.size() > 25, options.toString());
        for (String option : options) {
            assertTrue(page.contains(option), option + " missing from the man page");
        }
        assertTrue(page.contains("LOGQ NODES") && page.contains("EXAMPLES"), page);
    }

    @Test
    void bashAndZshCompleteLogqsOptions() {
        String bash = SHARE.resolve("bash-completion/completions/logq").toString();
        Run completed = Run.of(List.of("bash", "-c", "source " + bash + "; COMP_WORDS=(logq --count); COMP_CWORD=1; "
                + "COMP_LINE='logq --count'; COMP_POINT=${#COMP_LINE}; _picocli_logq; echo \"${COMPREPLY[@]}\""));
        assertEquals(0, completed.exit(), completed.toString());
        assertEquals("--count --count-by", completed.out().strip());
        String zsh = SHARE.resolve("zsh/site-functions/_logq").toString();
        Run registered = Run.of(List.of("zsh", "-fc", "autoload -U compinit && compinit -u -D && source " + zsh + " && print -r -- ${_comps[logq]}"));
        assertEquals(0, registered.exit(), registered.toString());
        assertEquals("_bash_complete", registered.out().strip().split("\\s+")[0], registered.toString());
    }
}
