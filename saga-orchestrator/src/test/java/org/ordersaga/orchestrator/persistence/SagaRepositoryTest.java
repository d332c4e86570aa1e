package org.ordersaga.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPlatformResource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

@QuarkusTest
@WithTestResource(value = LocalPlatformResource.class,
        initArgs = @ResourceArg(name = "service", value = "orchestrator"))
class SagaRepositoryTest {

    @Inject
    SagaRepository sagas;

    @Inject
    EntityManagerFactory entityManagerFactory;

    /**
     * The deadline watcher claims every 200 ms. As a native query with a result class, each claim added a query plan
     * that never matched the cached ones: the cache filled up with same-hash keys and every later lookup walked them
     * (12 % of the orchestrator's CPU under load).
     */
    @Test
    void claimingExpiredDeadlinesAgainAndAgainAddsNoQueryPlans() {
        QueryInterpretationCache plans = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
                .getQueryEngine().getInterpretationCache();
        QuarkusTransaction.requiringNew().run(() -> sagas.claimExpiredDeadlines(Map.of(), Instant.now(), 10));
        int cached = plans.getNumberOfCachedQueryPlans();

        for (int i = 0; i < 20; i++) {
            QuarkusTransaction.requiringNew().run(() -> sagas.claimExpiredDeadlines(Map.of(), Instant.now(), 10));
        }

        assertThat(plans.getNumberOfCachedQueryPlans()).isEqualTo(cached);
    }
}
