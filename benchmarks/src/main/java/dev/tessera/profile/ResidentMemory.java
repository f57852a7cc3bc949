package dev.tessera.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's resident set on Linux, from {@code /proc/self/status}: {@code VmRSS} (now) and {@code VmHWM} (the
 * peak, "high water mark"), for the whole process (Java heap, engine tensors, native libraries). {@link #resetPeak}
 * restarts the peak at the current resident set by writing {@code 5} to {@code /proc/self/clear_refs} (Linux 4.0 and
 * later). Elsewhere every method reports "unknown".
 */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentMemory() {
    }

    /** @return whether this process can read its resident set */
    public static boolean available() {
        return Files.isReadable(STATUS);
    }

    /** @return the resident set now, in bytes */
    public static OptionalLong current() {
        return field("VmRSS:");
    }

    /** @return the peak resident set since the process started or the last {@link #resetPeak}, in bytes */
    public static OptionalLong peak() {
        return field("VmHWM:");
    }

    /** @return whether the peak was reset (false where the kernel or the permissions do not allow it) */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    return OptionalLong.of(parseKiB(line.substring(name.length())));
                }
            }
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * @param value the text after the field name, e.g. {@code "   123456 kB"}
     * @return the bytes
     */
    static long parseKiB(String value) {
        String v = value.trim();
        if (!v.endsWith("kB")) {
            throw new IllegalStateException("unexpected /proc/self/status value: " + value);
        }
        return Long.parseLong(v.substring(0, v.length() - 2).trim()) * 1024;
    }
}
