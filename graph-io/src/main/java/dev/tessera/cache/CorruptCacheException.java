package dev.tessera.cache;

import dev.tessera.TesseraException;

/**
 * A cache file that cannot be trusted: bad magic, unknown format version, truncated, malformed header or a
 * section checksum mismatch. {@link DatasetCache} rebuilds such a file; {@link BinaryCache#read} reports it.
 */
final class CorruptCacheException extends TesseraException {
    private static final long serialVersionUID = 1L;

    /** Why the file is rejected, without the file name (for the cache's one-line log). */
    private final String reason;

    CorruptCacheException(Object file, String reason) {
        super(file + ": corrupt cache file: " + reason);
        this.reason = reason;
    }

    CorruptCacheException(Object file, String reason, Throwable cause) {
        super(file + ": corrupt cache file: " + reason, cause);
        this.reason = reason;
    }

    /** @return why the file is rejected */
    String reason() {
        return reason;
    }
}
