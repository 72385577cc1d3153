package dev.lantern.assistant.messaging;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may talk to the bot, decided in one place: the union of {@code TELEGRAM_ALLOWED_USERS} and
 * {@code telegram.allowed_users}. No list means nobody (the safe default); everyone only with
 * {@code allow_all_users: true}. A message from anyone else never reaches the agent. With
 * {@code pairStrangers} ({@code unauthorized_dm_behavior: pair}) a stranger's DM is answered with a
 * pairing code instead of the refusal; users the owner paired are allowed beside this list.
 */
public record AccessPolicy(String platform, Set<Long> allowedUsers, boolean allowAll, String refusal,
    boolean pairStrangers) {
  public AccessPolicy {
    allowedUsers = Set.copyOf(new TreeSet<>(allowedUsers));
  }

  public static AccessPolicy of(String platform, Collection<Long> fromEnvironment, Collection<Long> fromConfig,
      boolean allowAll, String refusal, boolean pairStrangers) {
    Set<Long> union = new TreeSet<>(fromEnvironment);
    union.addAll(fromConfig);
    return new AccessPolicy(platform, union, allowAll, refusal, pairStrangers);
  }

  public boolean allows(long userId) {
    return allowAll || allowedUsers.contains(userId);
  }

  /** For the start-up log: the effective list, so that a mistake is visible at once. */
  public String describe() {
    if (allowAll) {
      return "everyone (allow_all_users: true)";
    }
    String pairing = pairStrangers ? "; strangers get a pairing code (unauthorized_dm_behavior: pair)" : "";
    if (allowedUsers.isEmpty()) {
      String name = platform.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + platform.substring(1);
      return "nobody but paired users: set " + platform.toUpperCase(java.util.Locale.ROOT) + "_ALLOWED_USERS or "
          + platform + ".allowed_users to your " + name + " user ID" + pairing;
    }
    return "users " + new TreeSet<>(allowedUsers) + " and paired users" + pairing;
  }
}
