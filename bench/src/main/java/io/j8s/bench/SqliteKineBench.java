package io.j8s.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine the embedded store did not choose, measured the way {@link StoreBench} measures
 * ours: kine's shape on SQLite (an append-only table of revisions, indexed by name), in WAL mode
 * with {@code synchronous=FULL} so that a commit is durable when it returns, one connection per
 * client. Writes append a row for a fresh key; reads fetch a key's newest row.
 *
 * <p>Usage: {@code bench/engine-choice.sh [seconds]}.
 */
public final class SqliteKineBench {

    private static final int KEYS = 10_000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("j8s-sqlite-bench");
        String url = "jdbc:sqlite:" + dir.resolve("state.db");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE kine(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, created INT, deleted INT,"
                    + " create_revision INT, prev_revision INT, lease INT, value BLOB, old_value BLOB)");
            st.execute("CREATE INDEX kine_name_index ON kine(name, id)");
            c.setAutoCommit(false);
            try (PreparedStatement ins = insert(c)) {
                for (int i = 0; i < KEYS; i++) {
                    ins.setString(1, "/bench/r/" + i);
                    ins.setBytes(2, new byte[256]);
                    ins.executeUpdate();
                }
            }
            c.commit();
        }
        System.out.println("engine             op     clients        ops/s");
        for (int clients : new int[] {1, 16, 64}) {
            System.out.printf("sqlite (kine)      write  %7d %12.0f%n", clients, run(url, clients, seconds, true));
            System.out.printf("sqlite (kine)      read   %7d %12.0f%n", clients, run(url, clients, seconds, false));
        }
    }

    private static PreparedStatement insert(Connection c) throws SQLException {
        return c.prepareStatement("INSERT INTO kine(name, created, deleted, create_revision, prev_revision, lease, value,"
                + " old_value) VALUES(?, 1, 0, 0, 0, 0, ?, NULL)");
    }

    private static double run(String url, int clients, int seconds, boolean write) throws InterruptedException {
        AtomicLong ops = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int k = 0; k < clients; k++) {
            int client = k;
            pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    try (Statement st = c.createStatement()) {
                        st.execute("PRAGMA synchronous=FULL");
                        st.execute("PRAGMA busy_timeout=30000");
                    }
                    byte[] value = new byte[256];
                    try (PreparedStatement ins = insert(c);
                         PreparedStatement get = c.prepareStatement("SELECT id, value FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1")) {
                        for (long i = 0; System.nanoTime() < end; i++) {
                            if (write) {
                                ins.setString(1, "/bench/w/" + clients + "/" + client + "/" + i);
                                ins.setBytes(2, value);
                                ins.executeUpdate();
                            } else {
                                get.setString(1, "/bench/r/" + ((i * 7919 + client) % KEYS));
                                try (ResultSet rs = get.executeQuery()) {
                                    rs.next();
                                }
                            }
                            ops.incrementAndGet();
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS);
        return ops.get() / (double) seconds;
    }
}
