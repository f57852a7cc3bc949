package dev.tessera;

/**
 * A user error: bad input, a missing file, a wrong option. It carries one line that says what is wrong and
 * where (file and line, entry or option); the command line prints that line and exits non-zero, without a
 * stack trace. Programming errors use the ordinary JDK exceptions and keep their stack traces.
 */
public class TesseraException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the file and line, the entry or the option, and what is wrong */
    public TesseraException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the file and line, the entry or the option, and what is wrong
     * @param cause the underlying exception, kept for debugging
     */
    public TesseraException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A message located in a file: {@code "FILE:LINE: what"}, the form compilers use.
     *
     * @param file the file (or archive entry) that holds the bad input
     * @param line 1-based line number, or 0 when the problem is not on one line
     * @param what what is wrong
     * @return the exception, for {@code throw}
     */
    public static TesseraException at(Object file, long line, String what) {
        return new TesseraException(line > 0 ? file + ":" + line + ": " + what : file + ": " + what);
    }
}
