package dev.tessera.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.io.DatasetInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a cached dataset was computed from: every source file's relative path, size and modification time,
 * the reader's name, the registry hints, the transforms applied and the cache format version, summarized by
 * a SHA-256 {@code fingerprint}. Contents are not hashed (that would cost as much as parsing); a changed file
 * almost always changes its size or modification time, and touching a file forces a rebuild.
 *
 * <p>For a folder, every regular file below it counts except hidden ones and the {@code processed/} folder,
 * where the cache itself lives. For a file, the file alone counts.
 */
final class SourceFingerprint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode json;

    private SourceFingerprint(ObjectNode json) {
        this.json = json;
    }

    /**
     * @param source the dataset's folder or file
     * @param reader the reader's format name
     * @param hints the registry hints passed to the reader
     * @param transforms the transforms applied after reading, or {@code null}
     * @return the fingerprint
     * @throws TesseraException when the source cannot be listed
     */
    static SourceFingerprint of(Path source, String reader, DatasetInfo hints, String transforms) {
        Map<String, long[]> files = new TreeMap<>();
        try {
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        String rel = source.relativize(p).toString().replace('\\', '/');
                        if (rel.isEmpty() || rel.equals("processed") || rel.startsWith("processed/") || hidden(rel)) {
                            continue;
                        }
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            files.put(rel, new long[] {a.size(), a.lastModifiedTime().toMillis()});
                        }
                    }
                }
            } else {
                BasicFileAttributes a = Files.readAttributes(source, BasicFileAttributes.class);
                files.put(source.getFileName().toString(), new long[] {a.size(), a.lastModifiedTime().toMillis()});
            }
        } catch (IOException e) {
            throw new TesseraException(source + ": cannot list the dataset's files (" + e.getMessage() + ")", e);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("cache_version", BinaryCache.VERSION);
        o.put("reader", reader);
        o.put("hints", String.valueOf(hints));
        o.put("transforms", transforms == null ? "" : transforms);
        ArrayNode arr = o.putArray("files");
        files.forEach((name, sm) -> arr.addObject().put("path", name).put("size", sm[0]).put("mtime_ms", sm[1]));
        o.put("fingerprint", digest(o));
        return new SourceFingerprint(o);
    }

    private static boolean hidden(String rel) {
        for (String part : rel.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String digest(ObjectNode o) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(JSON.writeValueAsBytes(o)));
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash the fingerprint", e);
        }
    }

    /** @return the JSON stored as the cache header's {@code source} object */
    JsonNode json() {
        return json;
    }

    /** @return the SHA-256 hex digest */
    String fingerprint() {
        return json.path("fingerprint").asText();
    }

    /**
     * @param stored a cache header's {@code source} object (may be missing)
     * @return {@code null} when it matches this fingerprint, else a short reason naming what changed
     */
    String mismatch(JsonNode stored) {
        if (stored == null || stored.isMissingNode() || stored.isNull()) {
            return "the cache file has no source fingerprint";
        }
        if (fingerprint().equals(stored.path("fingerprint").asText())) {
            return null;
        }
        for (String key : List.of("cache_version", "reader", "hints", "transforms")) {
            if (!json.path(key).equals(stored.path(key))) {
                return key + " changed (was '" + stored.path(key).asText() + "', now '" + json.path(key).asText() + "')";
            }
        }
        Map<String, JsonNode> before = new TreeMap<>();
        stored.path("files").forEach(f -> before.put(f.path("path").asText(), f));
        List<String> changes = new ArrayList<>();
        for (JsonNode f : json.path("files")) {
            JsonNode old = before.remove(f.path("path").asText());
            if (old == null) {
                changes.add(f.path("path").asText() + " added");
            } else if (old.path("size").asLong() != f.path("size").asLong()) {
                changes.add(f.path("path").asText() + " changed size");
            } else if (old.path("mtime_ms").asLong() != f.path("mtime_ms").asLong()) {
                changes.add(f.path("path").asText() + " modified");
            }
        }
        before.keySet().forEach(name -> changes.add(name + " removed"));
        if (changes.isEmpty()) {
            return "fingerprint differs";
        }
        return changes.size() == 1 ? changes.get(0) : changes.get(0) + " and " + (changes.size() - 1) + " more";
    }

    /**
     * @param text any text
     * @return its SHA-256 as hex
     */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
