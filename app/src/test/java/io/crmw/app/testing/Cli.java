package io.crmw.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.cli.CrmwCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** {@code crmw} run in-process, its stdout and stderr captured (one at a time: stdout is process-wide). */
public final class Cli {
    public record Run(int code, String out, String err) {}

    private Cli() {}

    public static synchronized Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = CrmwCommand.execute(new PrintWriter(err, true), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    /** Exit 0, nothing on stderr; the output. */
    public static String ok(String... args) {
        Run r = run(args);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        return r.out();
    }

    /** Exit 2 and exactly one line on stderr, without a stack trace; that line. */
    public static String fails(String... args) {
        Run r = run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("crmw: ").doesNotContain("Exception");
        return r.err().strip();
    }
}
