package dev.logremediation.state;

import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * The database behind what must survive a crash: the open incidents (the aggregation repository) and the outbox
 * of emails, which is also the ledger of what was sent. An H2 file under {@code state.dir} by default; PostgreSQL when {@code state.jdbc-url} names one.
 */
public final class StateDatabase {

    /** The aggregation repository's table; its completed exchanges go to {@value}_completed. */
    static final String INCIDENTS = "incidents";
    /** Only our own classes and the JDK's may be read back from the database. */
    static final String DESERIALIZATION_FILTER = "java.**;org.apache.camel.**;dev.logremediation.**;!*";

    private final DataSource dataSource;
    private final boolean postgres;
    private final DataSourceTransactionManager transactions;

    private StateDatabase(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.transactions = new DataSourceTransactionManager(dataSource);
    }

    /**
     * @param jdbcUrl  a PostgreSQL JDBC URL, or blank for the embedded H2 file
     * @param user     database user (PostgreSQL)
     * @param password database password (PostgreSQL)
     */
    public static StateDatabase open(Path stateDir, String jdbcUrl, String user, String password) {
        StateDatabase database;
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + stateDir.toAbsolutePath().resolve("state") + ";DB_CLOSE_ON_EXIT=FALSE");
            database = new StateDatabase(h2, false);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(jdbcUrl);
            pg.setUser(user);
            pg.setPassword(password);
            database = new StateDatabase(pg, true);
        } else {
            throw new IllegalArgumentException("Invalid setting state.jdbc-url=\"" + jdbcUrl
                    + "\": expected a jdbc:postgresql: URL, or nothing for the embedded H2 database");
        }
        database.createTables();
        return database;
    }

    private void createTables() {
        String blob = postgres ? "BYTEA" : "BLOB";
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(EmailOutbox.createTable(blob));
            for (String table : new String[] {INCIDENTS, INCIDENTS + "_completed"}) {
                sql.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(255) NOT NULL, exchange " + blob
                        + " NOT NULL, version BIGINT NOT NULL, CONSTRAINT " + table + "_pk PRIMARY KEY (id))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the state database (" + (postgres ? "state.jdbc-url" : "H2 under state.dir")
                    + "): " + e.getMessage(), e);
        }
    }

    /**
     * Open incidents, one row per watch and key, with optimistic locking; restored on start. The generic repository
     * serves PostgreSQL too: Camel 4.18.0's PostgresAggregationRepository binds a third parameter to its
     * two-column INSERT and fails on every new incident.
     */
    public JdbcAggregationRepository incidentRepository() {
        JdbcAggregationRepository repository = new JdbcAggregationRepository(transactions, INCIDENTS, dataSource);
        repository.setDeserializationFilter(DESERIALIZATION_FILTER);
        repository.setReturnOldExchange(false);
        // Camel's recovery re-submits completed incidents it finds unconfirmed every few seconds, which raced with
        // their normal completion (RESOLVED twice); a completed incident goes to the outbox within milliseconds
        repository.setUseRecovery(false);
        return repository;
    }

    /** The outbox of emails, which is also the ledger of what was sent. */
    public EmailOutbox outbox(Duration claim, Duration firstRetry, Duration maxRetry) {
        return new EmailOutbox(dataSource, Clock.systemUTC(), claim, firstRetry, maxRetry);
    }
}
