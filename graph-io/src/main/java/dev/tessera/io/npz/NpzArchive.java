package dev.tessera.io.npz;

import dev.tessera.TesseraException;
import dev.tessera.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * An {@code .npz} archive: a zip file (stored or deflated members, zip64 allowed) whose members
 * {@code NAME.npy} each hold one array, as {@code numpy.savez} and {@code numpy.savez_compressed} write them.
 * Members are read on demand and checked against their CRC-32.
 *
 * <pre>{@code
 * try (NpzArchive npz = NpzArchive.open(path)) {
 *     long[] edges = npz.read("edges").asLongs();
 * }
 * }</pre>
 *
 * <p>Errors name the archive and the member: {@code data/texas.npz[edges.npy]: truncated NPY data ...}.
 */
public final class NpzArchive implements AutoCloseable {
    /** Members are dated 1980-01-01 00:00 (as numpy does), so that equal content gives equal bytes. */
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final String SUFFIX = ".npy";

    private final Path path;
    private final ZipFile zip;
    private final Map<String, ZipEntry> members = new LinkedHashMap<>();

    private NpzArchive(Path path, ZipFile zip) {
        this.path = path;
        this.zip = zip;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (!e.isDirectory()) {
                String name = e.getName();
                members.put(name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name, e);
            }
        }
    }

    /**
     * Opens an archive and reads its member list.
     *
     * @param path an {@code .npz} file
     * @return the open archive; close it
     * @throws TesseraException when the file is missing, not a zip archive, or truncated
     */
    public static NpzArchive open(Path path) {
        if (!Files.exists(path)) {
            throw new TesseraException(path + ": file not found");
        }
        try {
            return new NpzArchive(path, new ZipFile(path.toFile()));
        } catch (ZipException e) {
            throw new TesseraException(path + ": not a zip archive, or truncated (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new TesseraException(path + ": file not found");
        } catch (IOException e) {
            throw new TesseraException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** @return the archive's path */
    public Path path() {
        return path;
    }

    /** @return the array names (member names without {@code .npy}), in archive order */
    public List<String> names() {
        return List.copyOf(members.keySet());
    }

    /**
     * @param name an array name, without {@code .npy}
     * @return whether the archive holds it
     */
    public boolean has(String name) {
        return members.containsKey(name);
    }

    /**
     * @param name an array name, without {@code .npy}
     * @return how errors name that member: {@code ARCHIVE[NAME.npy]}
     */
    public String where(String name) {
        ZipEntry e = members.get(name);
        return path + "[" + (e == null ? name + SUFFIX : e.getName()) + "]";
    }

    /**
     * Reads one member.
     *
     * @param name an array name, without {@code .npy}
     * @return its array, in C order
     * @throws TesseraException when the member is missing, truncated, corrupt or not a supported NPY array
     */
    public NpyArray read(String name) {
        ZipEntry entry = members.get(name);
        if (entry == null) {
            throw TesseraException.at(where(name), 0, "member missing (the archive holds: " + String.join(", ", names()) + ")");
        }
        String where = where(name);
        try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
            NpyArray a = NpyFile.read(new BufferedInputStream(in, 1 << 16), where);
            if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
                throw TesseraException.at(where, 0, "corrupt member (CRC-32 mismatch)");
            }
            return a;
        } catch (IOException e) {
            throw TesseraException.at(where, 0, "corrupt or truncated member (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // Read-only: nothing to recover.
        }
    }

    /**
     * Writes an archive atomically (a temporary file renamed onto {@code target}), as {@code numpy.savez}
     * ({@code compressed = false}) or {@code numpy.savez_compressed} does: one member {@code NAME.npy} per array,
     * C order, in the map's order.
     *
     * @param target the {@code .npz} file to (re)place
     * @param arrays the arrays by name (without {@code .npy})
     * @param compressed whether members are deflated (else stored)
     * @throws TesseraException when writing fails; the target is then untouched
     */
    public static void write(Path target, Map<String, NpyArray> arrays, boolean compressed) {
        AtomicFiles.write(target, raw -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw, 1 << 16));
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                entry.setTimeLocal(EPOCH);
                if (compressed) {
                    entry.setMethod(ZipEntry.DEFLATED);
                    zip.putNextEntry(entry);
                    NpyFile.write(zip, e.getValue());
                } else {
                    // Stored members need size and CRC before their data.
                    ByteArrayOutputStream buf = new ByteArrayOutputStream();
                    NpyFile.write(buf, e.getValue());
                    byte[] bytes = buf.toByteArray();
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    zip.write(bytes);
                }
                zip.closeEntry();
            }
            zip.close(); // finishes the central directory and frees the deflater; closes raw, which tolerates it
        });
    }

    /**
     * Reads every member.
     *
     * @param path an {@code .npz} file
     * @return the arrays by name, in archive order
     * @throws TesseraException as {@link #read(String)}
     */
    public static Map<String, NpyArray> readAll(Path path) {
        try (NpzArchive npz = open(path)) {
            Map<String, NpyArray> out = new LinkedHashMap<>();
            for (String name : npz.names()) {
                out.put(name, npz.read(name));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    @Override
    public String toString() {
        return "NpzArchive(" + path + ", " + new ArrayList<>(members.keySet()) + ")";
    }
}
