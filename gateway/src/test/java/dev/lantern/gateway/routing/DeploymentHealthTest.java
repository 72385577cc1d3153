package dev.lantern.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.UpstreamException;
import org.junit.jupiter.api.Test;

/** The cooldown rules, on a clock the test controls. */
class DeploymentHealthTest {
  private static final long SECOND = 1_000_000_000L;
  private static final UpstreamException SERVER_ERROR = new UpstreamException(FailureKind.UPSTREAM_ERROR, 500, "boom");
  private static final UpstreamException RATE_LIMITED = new UpstreamException(FailureKind.RATE_LIMITED, 429, "slow");
  private static final UpstreamException BAD_KEY = new UpstreamException(FailureKind.DEPLOYMENT_REJECTED, 401, "key");
  private static final UpstreamException BAD_REQUEST = new UpstreamException(FailureKind.BAD_REQUEST, 400, "tool_choice");

  private final DeploymentHealth health = new DeploymentHealth();

  @Test
  void coolsDownAfterAllowedFailsWithinAMinuteForCooldownTime() {
    assertThat(health.failed(0, SERVER_ERROR, false, 3, 5 * SECOND)).isFalse();
    assertThat(health.failed(10 * SECOND, SERVER_ERROR, false, 3, 5 * SECOND)).isFalse();
    assertThat(health.failed(20 * SECOND, SERVER_ERROR, false, 3, 5 * SECOND)).isTrue();

    assertThat(health.coolingDown(24 * SECOND)).isTrue();
    assertThat(health.state(24 * SECOND)).isEqualTo(DeploymentHealth.OUTAGE);
    assertThat(health.coolingDown(25 * SECOND)).isFalse();
    assertThat(health.state(25 * SECOND)).as("recently failed, no longer cooling").isEqualTo(DeploymentHealth.PARTIAL_OUTAGE);
  }

  @Test
  void failuresOlderThanAMinuteDoNotCount() {
    health.failed(0, SERVER_ERROR, false, 3, 5 * SECOND);
    health.failed(SECOND, SERVER_ERROR, false, 3, 5 * SECOND);

    assertThat(health.failed(62 * SECOND, SERVER_ERROR, false, 3, 5 * SECOND)).isFalse();
    assertThat(health.state(62 * SECOND)).isEqualTo(DeploymentHealth.PARTIAL_OUTAGE);
  }

  @Test
  void rateLimitCoolsDownAtOnceOnlyInAGroupOfSeveral() {
    assertThat(health.failed(0, RATE_LIMITED, false, 3, 5 * SECOND)).isFalse();
    assertThat(health.failed(SECOND, RATE_LIMITED, true, 3, 5 * SECOND)).isTrue();
  }

  @Test
  void rejectedDeploymentCoolsDownAtOnce() {
    assertThat(health.failed(0, BAD_KEY, false, 3, 5 * SECOND)).isTrue();
  }

  @Test
  void aClientsBadRequestsNeverCoolTheDeploymentDown() {
    for (int i = 0; i < 10; i++) {
      assertThat(health.failed(i * SECOND, BAD_REQUEST, true, 3, 5 * SECOND)).isFalse();
    }
    assertThat(health.coolingDown(10 * SECOND)).isFalse();
    assertThat(health.state(10 * SECOND)).isEqualTo(DeploymentHealth.HEALTHY);
  }

  @Test
  void failuresDuringACooldownDoNotExtendIt() {
    assertThat(health.failed(0, BAD_KEY, false, 3, 5 * SECOND)).isTrue();
    assertThat(health.failed(4 * SECOND, BAD_KEY, false, 3, 5 * SECOND)).isFalse();

    assertThat(health.coolingDown(5 * SECOND)).isFalse();
  }

  @Test
  void successMarksHealthyAgain() {
    health.failed(0, SERVER_ERROR, false, 3, 5 * SECOND);
    health.succeeded();

    assertThat(health.state(SECOND)).isEqualTo(DeploymentHealth.HEALTHY);
  }
}
