package org.ordersaga.chassis.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ordersaga.chassis.deadletter.RejectedMessageException;

import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;

/** The failures a consumer meets, shaped as PostgreSQL's driver, Agroal, Hibernate and Narayana throw them. */
class TransientFailuresTest {

    static Stream<Arguments> infrastructure() {
        return Stream.of(
                Arguments.of("connection lost mid-transaction (PgJDBC 08006, through Hibernate)",
                        new JDBCConnectionException("could not execute statement",
                                new SQLException("An I/O error occurred while sending to the backend.", "08006"))),
                Arguments.of("connection refused while the database is down (08001)",
                        new PersistenceException(new SQLException("Connection to localhost:15432 refused", "08001"))),
                Arguments.of("backend terminated by a restart (57P01 admin_shutdown)",
                        new PersistenceException(new SQLException(
                                "FATAL: terminating connection due to administrator command", "57P01"))),
                Arguments.of("crash shutdown (57P02)",
                        new PersistenceException(new SQLException("terminating connection", "57P02"))),
                Arguments.of("the database is starting up (57P03 cannot_connect_now)",
                        new PersistenceException(new SQLException("the database system is starting up", "57P03"))),
                Arguments.of("too many connections (53300)",
                        new PersistenceException(new SQLException("sorry, too many clients already", "53300"))),
                Arguments.of("Agroal pool acquisition timeout, as Hibernate reports it",
                        new GenericJDBCException("Unable to acquire JDBC Connection", new SQLException(
                                "Acquisition timeout while waiting for new connection", new TimeoutException()))),
                Arguments.of("a JDBC transient connection exception",
                        new IllegalStateException(new SQLTransientConnectionException("gone"))),
                Arguments.of("commit failed on a dead connection (Narayana, suppressed XA failure)",
                        new QuarkusTransactionException(withSuppressed(new RollbackException("ARJUNA016053"),
                                new SQLException("This connection has been closed.", "08003")))));
    }

    static Stream<Arguments> races() {
        return Stream.of(
                Arguments.of("optimistic lock", new OptimisticLockException("stale")),
                Arguments.of("serialization failure", new PersistenceException(new SQLException("x", "40001"))),
                Arguments.of("deadlock", new PersistenceException(new SQLException("x", "40P01"))),
                Arguments.of("another transaction inserted the same key first (23505)",
                        new ConstraintViolationException("duplicate key", new SQLException("x", "23505"), "pk")));
    }

    static Stream<Arguments> permanent() {
        return Stream.of(
                Arguments.of("a bug", new IllegalStateException("broken")),
                Arguments.of("a contract violation", new RejectedMessageException(
                        org.ordersaga.chassis.deadletter.DeadLetterReason.SCHEMA_VIOLATION, "bad", null)),
                Arguments.of("a value the database refuses (22021 NUL character)",
                        new PersistenceException(new SQLException("invalid byte sequence", "22021"))),
                Arguments.of("a not-null violation (23502)",
                        new PersistenceException(new SQLException("null value", "23502"))),
                Arguments.of("a SQLException without state that is no pool timeout",
                        new PersistenceException(new SQLException("Can't create new connection as the pool is"
                                + " shutting down"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("infrastructure")
    void infrastructureFailuresAreTransient(String what, RuntimeException failure) {
        assertThat(TransientFailures.classify(failure)).as(what).isEqualTo(TransientFailures.Kind.INFRASTRUCTURE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("races")
    void concurrencyRacesAreTransient(String what, RuntimeException failure) {
        assertThat(TransientFailures.classify(failure)).as(what).isEqualTo(TransientFailures.Kind.RACE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("permanent")
    void everythingElseIsPermanent(String what, RuntimeException failure) {
        assertThat(TransientFailures.classify(failure)).as(what).isEqualTo(TransientFailures.Kind.PERMANENT);
    }

    @Test
    void aFailedCommitIsDescribedByTheDatabasesErrorItCarries() {
        RuntimeException commit = new QuarkusTransactionException(withSuppressed(new RollbackException("ARJUNA016053"),
                new SQLException("duplicate key value violates unique constraint", "23505")));

        assertThat(TransientFailures.databaseError(commit))
                .isEqualTo("SQLState 23505: duplicate key value violates unique constraint");
        assertThat(TransientFailures.databaseError(new IllegalStateException("broken"))).isEqualTo("broken");
    }

    private static <T extends Throwable> T withSuppressed(T failure, Throwable suppressed) {
        failure.addSuppressed(suppressed);
        return failure;
    }
}
