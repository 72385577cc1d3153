package dev.lantern.assistant.skills;

/** A skill operation that was refused; the message says what to fix. */
public final class SkillException extends RuntimeException {
  public SkillException(String message) {
    super(message, null, false, false);
  }
}
