package dev.lantern.assistant.pairing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Hermes's DM pairing: with {@code unauthorized_dm_behavior: pair} a stranger's direct message
 * gets a one-time code instead of silence, and the owner lets them in with
 * {@code lantern assistant pairing approve PLATFORM CODE}. The bounds are Hermes's: 8 characters
 * from an alphabet without look-alikes, an hour to live, at most 3 codes waiting per platform, one
 * request per user per 10 minutes, and approvals locked for an hour after 5 wrong codes, so that a
 * code cannot be guessed. Nothing here calls the model: a stranger costs one SQLite transaction.
 */
public final class Pairing implements AutoCloseable {
  /** No 0/O, 1/I/L: a code read aloud or typed from a phone screen comes out right. */
  public static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  public static final int CODE_LENGTH = 8;
  public static final Duration CODE_LIFETIME = Duration.ofHours(1);
  public static final int MAX_PENDING = 3;
  public static final Duration REQUEST_INTERVAL = Duration.ofMinutes(10);
  public static final int MAX_FAILED_APPROVALS = 5;
  public static final Duration LOCKOUT = Duration.ofHours(1);

  private final PairingStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private Pairing(PairingStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public static Pairing open(Path stateDb, Clock clock) {
    return new Pairing(PairingStore.open(stateDb), clock);
  }

  /**
   * A stranger wrote in a DM: the text to answer with (their code, or that too many are waiting),
   * or nothing when they asked less than 10 minutes ago, so that a flood of DMs gets one answer.
   */
  public Optional<String> request(String platform, long userId, long chatId, String userName) {
    Instant now = clock.instant();
    return store.inTransaction(() -> {
      forgetExpired(now);
      Optional<Instant> last = store.lastRequest(platform, userId);
      if (last.isPresent() && now.isBefore(last.get().plus(REQUEST_INTERVAL))) {
        return Optional.empty();
      }
      store.recordRequest(platform, userId, now);
      Optional<PendingCode> waiting = store.codeOf(platform, userId);
      if (waiting.isPresent()) {
        return Optional.of(codeMessage(waiting.get()));
      }
      if (store.pending(platform).size() >= MAX_PENDING) {
        return Optional.of("This assistant is private, and " + MAX_PENDING + " pairing requests are already waiting"
            + " for its owner. Try again in an hour.");
      }
      PendingCode code = new PendingCode(platform, newCode(platform), userId, chatId, userName, now,
          now.plus(CODE_LIFETIME));
      store.addCode(code);
      return Optional.of(codeMessage(code));
    });
  }

  /** The owner approves a code: its user is allowed from now on. Wrong codes count toward the lockout. */
  public PairedUser approve(String platform, String typedCode) {
    String code = typedCode == null ? "" : typedCode.strip().toUpperCase(Locale.ROOT);
    Instant now = clock.instant();
    // One transaction, opened by a write, so that two approvals at once cannot both read the
    // same failure count and guess past the lockout.
    Approval approval = store.inTransaction(() -> {
      forgetExpired(now);
      PairingStore.Lockout lockout = store.lockout(platform);
      if (lockout.lockedUntil() != null && now.isBefore(lockout.lockedUntil())) {
        return new Approval(null, lockout.lockedUntil());
      }
      Optional<PendingCode> pending = store.code(platform, code);
      if (pending.isEmpty()) {
        int failures = lockout.lockedUntil() != null ? 1 : lockout.failures() + 1; // a lock that ran out starts over
        store.saveLockout(platform, failures >= MAX_FAILED_APPROVALS ? new PairingStore.Lockout(0, now.plus(LOCKOUT))
            : new PairingStore.Lockout(failures, null));
        return new Approval(null, null);
      }
      PendingCode found = pending.get();
      store.removeCode(platform, found.code());
      store.approve(platform, found.userId(), found.userName(), now);
      store.saveLockout(platform, new PairingStore.Lockout(0, null));
      return new Approval(new PairedUser(platform, found.userId(), found.userName(), now), null);
    });
    if (approval.lockedUntil() != null) {
      throw new PairingException("approvals for " + platform + " are locked after " + MAX_FAILED_APPROVALS
          + " wrong codes, until " + approval.lockedUntil() + "; check the code the user was sent and try again then");
    }
    if (approval.user() == null) {
      throw new PairingException("no pending code '" + abbreviate(code) + "' for " + platform + " (codes live "
          + CODE_LIFETIME.toMinutes() + " minutes); 'lantern assistant pairing list' shows the waiting ones");
    }
    return approval.user();
  }

  private record Approval(PairedUser user, Instant lockedUntil) {}

  /** Takes a paired user's access away; false when they were not paired (configured users stay). */
  public boolean revoke(String platform, long userId) {
    return store.inTransaction(() -> store.revoke(platform, userId));
  }

  public boolean isPaired(String platform, long userId) {
    return store.inTransaction(() -> store.isPaired(platform, userId));
  }

  public List<PendingCode> pending() {
    Instant now = clock.instant();
    return store.inTransaction(() -> {
      forgetExpired(now);
      return store.allPending();
    });
  }

  public List<PairedUser> paired() {
    return store.inTransaction(store::paired);
  }

  @Override
  public void close() {
    store.close();
  }

  /** Codes past their hour, and strangers' last requests past their 10 minutes, are forgotten. */
  private void forgetExpired(Instant now) throws java.sql.SQLException {
    store.forgetExpired(now, now.minus(REQUEST_INTERVAL));
  }

  private String newCode(String platform) throws java.sql.SQLException {
    while (true) {
      StringBuilder code = new StringBuilder(CODE_LENGTH);
      for (int i = 0; i < CODE_LENGTH; i++) {
        code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      if (store.code(platform, code.toString()).isEmpty()) {
        return code.toString();
      }
    }
  }

  private static String codeMessage(PendingCode code) {
    return "This assistant is private. To ask its owner for access, send them this pairing code: " + code.code()
        + "\nThey approve it with: lantern assistant pairing approve " + code.platform() + " " + code.code()
        + "\nThe code works for one hour.";
  }

  /** What a user typed goes into an error message: cut, and never more than a code's worth. */
  private static String abbreviate(String code) {
    return code.length() <= 16 ? code : code.substring(0, 16) + "…";
  }
}
