package dev.logremediation.state;

import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The embedded H2 file is opened by one process at a time: the running instance serves it to the commands beside it
 * (`silence add` during a deploy) on 127.0.0.1, under a random key written to {@code state.dir/state.server}
 * (readable by its owner only). A kill -9 leaves that file behind; a command then finds nobody serving and opens the
 * file itself.
 */
final class SharedH2File {

    private static final Logger LOG = LoggerFactory.getLogger(SharedH2File.class);
    static final String ADDRESS_FILE = "state.server";

    static {
        // H2's servers listen on every interface unless told otherwise (and refuse remote clients only afterwards)
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    private final Server server;
    private final Path addressFile;
    private final String address;

    private SharedH2File(Server server, Path addressFile, String address) {
        this.server = server;
        this.addressFile = addressFile;
        this.address = address;
    }

    /** Serves the H2 database at {@code databasePath} (already open in this process) to the commands beside it. */
    static Optional<SharedH2File> serve(Path stateDir, Path databasePath) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        Path addressFile = stateDir.resolve(ADDRESS_FILE);
        try {
            Server server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-key", key,
                    databasePath.toAbsolutePath().toString()).start();
            String address = server.getPort() + " " + key;
            Path written = Files.createTempFile(stateDir, ADDRESS_FILE, ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(written, address, StandardCharsets.US_ASCII);
            Files.move(written, addressFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(new SharedH2File(server, addressFile, address));
        } catch (SQLException | IOException e) {
            LOG.warn("The state database is not served to the commands beside this instance ({}): `silence` commands"
                    + " need it stopped, or PostgreSQL (state.jdbc-url)", e.getMessage());
            return Optional.empty();
        }
    }

    /** The JDBC URL of the running instance that serves the file under {@code stateDir}; empty when none answers. */
    static Optional<String> servedBy(Path stateDir) {
        Path addressFile = stateDir.resolve(ADDRESS_FILE);
        if (!Files.isRegularFile(addressFile)) {
            return Optional.empty();
        }
        try {
            List<String> portAndKey = List.of(Files.readString(addressFile, StandardCharsets.US_ASCII).strip()
                    .split(" "));
            if (portAndKey.size() != 2) {
                return Optional.empty();
            }
            String url = "jdbc:h2:tcp://127.0.0.1:" + Integer.parseInt(portAndKey.get(0)) + "/" + portAndKey.get(1);
            try (Connection probe = DriverManager.getConnection(url)) {
                return Optional.of(url);
            }
        } catch (IOException | NumberFormatException | SQLException nobodyServes) {
            // left by an instance that was killed: the file is free
            return Optional.empty();
        }
    }

    void stop() {
        server.stop();
        try {
            // another instance may have taken the file over since, with its own address
            if (Files.isRegularFile(addressFile) && Files.readString(addressFile).strip().equals(address)) {
                Files.delete(addressFile);
            }
        } catch (IOException e) {
            LOG.debug("Cannot remove {}", addressFile, e);
        }
    }
}
