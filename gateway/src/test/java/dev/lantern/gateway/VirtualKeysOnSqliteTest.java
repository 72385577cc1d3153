package dev.lantern.gateway;

/** The virtual-key contract on the default store: SQLite in LANTERN_HOME. */
class VirtualKeysOnSqliteTest extends VirtualKeysContract {
  @Override
  String databaseSettings() {
    return "";
  }
}
