package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDownloadCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shippedDatasetIsCopiedOfflineAndThenLeftAlone() throws Exception {
        Path data = tmp.resolve("data");
        CliRun first = CliRun.of("data", "download", "karate", "--data-dir", data.toString(), "--json");
        assertEquals(0, first.exit(), first.err());
        JsonNode j = new ObjectMapper().readTree(first.out());
        assertEquals("karate", j.get("name").asText());
        assertFalse(j.get("already_present").asBoolean());
        assertTrue(Files.isRegularFile(data.resolve("karate/raw/edge.csv")));
        CliRun again = CliRun.of("data", "download", "karate", "--data-dir", data.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().startsWith("karate: already in " + data.toAbsolutePath().resolve("karate")), again.out());
    }

    @Test
    void fetchesFromAMirror() throws Exception {
        byte[] body = "not really an npz".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cornell/cornell.npz", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            Path data = tmp.resolve("data");
            String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            CliRun r = CliRun.of("data", "download", "cornell", "--data-dir", data.toString(), "--mirror", mirror);
            assertEquals(0, r.exit(), r.err());
            assertArrayEquals(body, Files.readAllBytes(data.resolve("cornell/cornell.npz")));
            assertTrue(r.out().startsWith("cornell: downloaded to "), r.out());
            // The registry pins no checksum for cornell: the downloader says so on stderr, not stdout.
            assertTrue(r.err().contains("no checksum pinned for cornell/cornell.npz"), r.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unknownNameIsOneLineUserError() {
        CliRun r = CliRun.of("data", "download", "no-such-dataset", "--data-dir", tmp.toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().getFirst().startsWith("error: unknown dataset 'no-such-dataset' (known: "), r.err());
    }

    @Test
    void unreachableServerLeavesNothingBehind() throws Exception {
        // Port 9 on the loopback address: nothing listens there.
        CliRun r = CliRun.of("data", "download", "cornell", "--data-dir", tmp.resolve("data").toString(),
                "--mirror", "http://127.0.0.1:9/");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().getFirst().startsWith("error: cannot reach http://127.0.0.1:9/cornell/cornell.npz"), r.err());
        assertFalse(Files.exists(tmp.resolve("data/cornell")));
    }
}
