package dev.lantern.gateway;

import dev.lantern.testkit.RealPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The virtual-key contract on a real PostgreSQL named by database_url, a fresh database per test. */
class VirtualKeysOnPostgresTest extends VirtualKeysContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static RealPostgres postgres;
  private String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = RealPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  String databaseSettings() throws Exception {
    // A restart within a test (same LANTERN_HOME) must find the same database.
    if (url == null) {
      url = postgres.createDatabase("keys_" + DATABASES.incrementAndGet());
    }
    return "  database_url: \"" + url + "\"\n";
  }
}
