package dev.lantern.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigNodeTest {
  @Test
  void readsScalarsLenientlyWhereYamlIsAmbiguous() {
    ConfigNode root = ConfigNode.parse("a: \"20\"\nb: 2.0\nc: \"true\"\nd: 1.5", "f.yaml");

    assertThat(root.integer("a")).contains(20);
    assertThat(root.integer("b")).contains(2);
    assertThat(root.bool("c")).contains(true);
    assertThat(root.number("d")).contains(1.5);
  }

  @Test
  void typeErrorsNameFilePathAndValue() {
    ConfigNode root = ConfigNode.parse("outer:\n  list:\n    - {n: lots}", "f.yaml");

    assertThatThrownBy(() -> root.get("outer").list("list").get(0).integer("n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("f.yaml: outer.list[0].n: expected a whole number, got \"lots\"");
  }

  @Test
  void aWholeNumberTooLargeForTheSettingSaysSoRatherThanThatItIsNotWhole() {
    ConfigNode root = ConfigNode.parse("tpm: 100000000000", "f.yaml");

    assertThatThrownBy(() -> root.integer("tpm"))
        .hasMessage("f.yaml: tpm: is too large: at most 2147483647, got 100000000000");
  }

  @Test
  void longStringValuesAreNotEchoedInErrors() {
    ConfigNode root = ConfigNode.parse("n: sk-this-is-a-long-secret-value-that-must-not-print", "f.yaml");

    assertThatThrownBy(() -> root.integer("n")).hasMessageNotContaining("secret").hasMessageContaining("characters");
  }

  @Test
  void unreadKeysAreRecordedAsIgnored() {
    ConfigNode root = ConfigNode.parse("used: 1\nunused: 2\nnested: {x: 1, y: 2}", "f.yaml");
    root.integer("used");
    ConfigNode nested = root.get("nested");
    nested.integer("x");
    nested.noteUnreadKeys();
    root.noteUnreadKeys();

    assertThat(root.ignoredKeys()).containsExactly("nested.y", "unused");
  }

  @Test
  void topLevelMustBeAMapping() {
    assertThatThrownBy(() -> ConfigNode.parse("- a\n- b", "f.yaml")).hasMessageContaining("top level must be a mapping");
  }

  @Test
  void emptyFileIsAnEmptyMapping() {
    assertThat(ConfigNode.parse("", "f.yaml").entries()).isEmpty();
  }
}
