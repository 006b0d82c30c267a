package dev.logremediation.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Service;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The database behind what must survive a crash, and what instances of a cluster share: the open incidents (the
 * aggregation repository), the outbox of emails and channel messages (also the ledger of what was sent), the Loki cursors, the links
 * followed, the sealed links, the remediation rounds, each incident's timeline, the per-host link budget, the silences and the pages of the on-call loop. An H2 file under {@code state.dir} by default; PostgreSQL
 * when {@code state.jdbc-url} names one. Connections come from one pool, closed when Camel stops.
 */
public final class StateDatabase implements Service {

    /** The aggregation repository's table; its completed exchanges go to {@value}_completed. */
    static final String INCIDENTS = "incidents";
    /** Only our own classes and the JDK's may be read back from the database. */
    static final String DESERIALIZATION_FILTER = "java.**;org.apache.camel.**;dev.logremediation.**;!*";

    /** How a process uses the embedded H2 file (PostgreSQL is shared by every instance anyway). */
    public enum H2Use {
        /** Opens the file, and serves it to the commands beside this instance (a live run). */
        SERVE_COMMANDS,
        /** Opens the file, alone (a batch run). */
        ALONE,
        /** Reaches the file through the running instance that serves it, or opens it when none runs (`silence`). */
        THROUGH_RUNNING_INSTANCE
    }

    private final HikariDataSource dataSource;
    private final boolean postgres;
    private final DataSourceTransactionManager transactions;
    private SharedH2File served;

    private StateDatabase(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.transactions = new DataSourceTransactionManager(dataSource);
    }

    /** Opened by this process alone: the tests' databases. */
    public static StateDatabase open(Path stateDir, String jdbcUrl, String user, String password) {
        return open(stateDir, jdbcUrl, user, password, H2Use.ALONE);
    }

    /**
     * @param jdbcUrl  a PostgreSQL JDBC URL, or blank for the embedded H2 file
     * @param user     database user (PostgreSQL)
     * @param password database password (PostgreSQL)
     */
    public static StateDatabase open(Path stateDir, String jdbcUrl, String user, String password, H2Use h2Use) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("state");
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(10_000);
        // a database that is down at start is reported by the first statement below, with its own message
        pool.setInitializationFailTimeout(-1);
        boolean postgres;
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            // WRITE_DELAY=0: every commit is written to the file at once, so a kill -9 loses no committed row
            pool.setJdbcUrl((h2Use == H2Use.THROUGH_RUNNING_INSTANCE ? SharedH2File.servedBy(stateDir) : Optional
                    .<String>empty()).orElse("jdbc:h2:file:" + h2File(stateDir) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
            postgres = false;
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            pool.setJdbcUrl(jdbcUrl);
            pool.setUsername(user);
            pool.setPassword(password);
            postgres = true;
        } else {
            throw new IllegalArgumentException("Invalid setting state.jdbc-url=\"" + jdbcUrl
                    + "\": expected a jdbc:postgresql: URL, or nothing for the embedded H2 database");
        }
        StateDatabase database = new StateDatabase(new HikariDataSource(pool), postgres);
        try {
            database.createTables();
        } catch (RuntimeException e) {
            database.stop();
            throw e;
        }
        if (!postgres && h2Use == H2Use.SERVE_COMMANDS) {
            database.served = SharedH2File.serve(stateDir, h2File(stateDir)).orElse(null);
        }
        return database;
    }

    @Override
    public void start() {
        // opened by open(): the tables must exist before any route is built
    }

    private static Path h2File(Path stateDir) {
        return stateDir.toAbsolutePath().resolve("state");
    }

    @Override
    public void stop() {
        if (served != null) {
            served.stop();
        }
        dataSource.close();
    }

    private void createTables() {
        String blob = postgres ? "BYTEA" : "BLOB";
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(Outbox.createTable(blob));
            sql.execute(CursorStore.createTable(postgres ? "TEXT" : "CLOB"));
            sql.execute(SealedLinks.createTable(blob));
            sql.execute(RemediationActions.createTable(blob));
            sql.execute(DurableTimeline.createTable());
            sql.execute(HostBudget.createTable());
            sql.execute(SilenceTable.createTable());
            for (String statement : PageTable.createTable()) {
                sql.execute(statement);
            }
            for (String statement : Outbox.holdingSchema()) {
                sql.execute(statement);
            }
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

    /** The Loki cursors, one row per watch. */
    public CursorStore cursors() {
        return new CursorStore(new JdbcTemplate(dataSource));
    }

    /** The links followed, as digests (never the api key inside them): each is followed once, by any instance. */
    public IdempotentRepository followedLinks() {
        return new JdbcMessageIdRepository(dataSource, "followed-links");
    }

    /**
     * Full resolution links, sealed with the key of state.link-key (nothing is kept without one).
     *
     * @throws dev.logremediation.config.InvalidSettingException for a malformed key, or not the one links were sealed with
     */
    public SealedLinks sealedLinks(String base64Key) {
        return SealedLinks.open(dataSource, base64Key);
    }

    /** Remediation rounds as durable work. */
    public RemediationActions remediationActions(Duration lease, Duration firstRetry, Duration maxRetry) {
        return new RemediationActions(dataSource, Clock.systemUTC(), lease, firstRetry, maxRetry);
    }

    /** What was done for each incident, for its report, across restarts and instances. */
    public DurableTimeline timeline() {
        return new DurableTimeline(new JdbcTemplate(dataSource));
    }

    /** Links followed per host in the last hour, shared by every instance and kept across restarts. */
    public HostBudget hostBudget() {
        return new HostBudget(new JdbcTemplate(dataSource), Clock.systemUTC());
    }

    /** The silences of {@code silence add}, shared by every instance. */
    public SilenceTable silences() {
        return new SilenceTable(new JdbcTemplate(dataSource));
    }

    /** The pages of the on-call loop: reminders, escalations, acknowledgements. */
    public PageTable pages() {
        return new PageTable(new JdbcTemplate(dataSource));
    }

    /** The outbox of emails and channel messages, which is also the ledger of what was sent. */
    public Outbox outbox(SealedLinks sealer, Duration claim, Duration firstRetry, Duration maxRetry) {
        return new Outbox(dataSource, sealer, Clock.systemUTC(), claim, firstRetry, maxRetry);
    }
}
