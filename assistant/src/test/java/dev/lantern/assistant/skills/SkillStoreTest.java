package dev.lantern.assistant.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillStoreTest {
  static final String RESTART = """
      ---
      name: restart-crashloop
      description: Diagnose a pod in CrashLoopBackOff and decide whether a restart helps
      version: 1.0.0
      metadata:
        tags: [kubernetes]
      ---
      1. pods_log with previous: true
      2. events_list in the namespace
      """;

  @TempDir
  Path dir;

  @Test
  void aCreatedSkillIsListedByCategoryAndViewable() {
    SkillStore store = new SkillStore(dir);

    store.create("restart-crashloop", "kubernetes", RESTART);

    assertThat(Files.exists(dir.resolve("kubernetes/restart-crashloop/SKILL.md"))).isTrue();
    assertThat(store.list()).singleElement().satisfies(skill -> {
      assertThat(skill.name()).isEqualTo("restart-crashloop");
      assertThat(skill.category()).isEqualTo("kubernetes");
      assertThat(skill.version()).isEqualTo("1.0.0");
      assertThat(skill.description()).startsWith("Diagnose a pod");
    });
    assertThat(store.view("restart-crashloop", null)).isEqualTo(RESTART);
    assertThat(SkillTools.index(store)).contains("- restart-crashloop (kubernetes): Diagnose a pod")
        .doesNotContain("pods_log");
  }

  @Test
  void namesAreValidated() {
    SkillStore store = new SkillStore(dir);

    for (String bad : new String[] {"Upper", "-dash", "../escape", "a/b", "x".repeat(65), "", "white space"}) {
      assertThatThrownBy(() -> store.create(bad, null, RESTART.replace("restart-crashloop", bad)))
          .as(bad).isInstanceOf(SkillException.class).hasMessageContaining("^[a-z0-9][a-z0-9._-]*$");
    }
    assertThat(store.list()).isEmpty();
  }

  @Test
  void frontmatterIsRequiredAndMustMatchTheName() {
    SkillStore store = new SkillStore(dir);

    assertThatThrownBy(() -> store.create("x", null, "just text")).hasMessageContaining("YAML frontmatter");
    assertThatThrownBy(() -> store.create("x", null, "---\nname: x\n---\nbody")).hasMessageContaining("'description'");
    assertThatThrownBy(() -> store.create("x", null, "---\nname: y\ndescription: d\n---\n"))
        .hasMessageContaining("must match");
    assertThatThrownBy(() -> store.create("x", null, "---\nname: [\n---\n")).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> store.create("x", null, "---\nname: x\ndescription: d\n---\n" + "z".repeat(20_001)))
        .hasMessageContaining("the limit is 20000");
  }

  @Test
  void patchReplacesExactlyOneOccurrence() {
    SkillStore store = new SkillStore(dir);
    store.create("restart-crashloop", null, RESTART);

    store.patch("restart-crashloop", "2. events_list in the namespace", "2. events_list\n3. pods_top");

    assertThat(store.view("restart-crashloop", null)).contains("3. pods_top");
    assertThatThrownBy(() -> store.patch("restart-crashloop", "not there", "x")).hasMessageContaining("not found");
    assertThatThrownBy(() -> store.patch("restart-crashloop", "pods", "x")).hasMessageContaining("more than once");
    assertThatThrownBy(() -> store.patch("restart-crashloop", "name: restart-crashloop", "name: other"))
        .hasMessageContaining("must match");
  }

  @Test
  void supportingFilesStayInsideTheSkill() {
    SkillStore store = new SkillStore(dir);
    store.create("restart-crashloop", null, RESTART);

    store.writeFile("restart-crashloop", "references/exit-codes.md", "137: OOMKilled");
    assertThat(store.view("restart-crashloop", "references/exit-codes.md")).isEqualTo("137: OOMKilled");

    for (String escape : new String[] {"../../../etc/passwd", "/etc/passwd", "references/../../x.md", "notes.md",
        "other/x.md"}) {
      assertThatThrownBy(() -> store.writeFile("restart-crashloop", escape, "x")).as(escape)
          .isInstanceOf(SkillException.class);
      assertThatThrownBy(() -> store.view("restart-crashloop", escape)).as(escape).isInstanceOf(SkillException.class);
    }
    store.removeFile("restart-crashloop", "references/exit-codes.md");
    assertThatThrownBy(() -> store.view("restart-crashloop", "references/exit-codes.md"))
        .hasMessageContaining("has no file");
    store.delete("restart-crashloop");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aBrokenSkillFileIsSkippedNotFatal() throws Exception {
    SkillStore store = new SkillStore(dir);
    store.create("restart-crashloop", null, RESTART);
    Files.createDirectories(dir.resolve("general/broken"));
    Files.writeString(dir.resolve("general/broken/SKILL.md"), "no frontmatter");

    assertThat(store.list()).extracting(Skill::name).containsExactly("restart-crashloop");
  }

  @Test
  void aStraySkillFileAtTheRootIsIgnoredSoNoOperationCanSpanEverySkill() throws Exception {
    SkillStore store = new SkillStore(dir);
    store.create("restart-crashloop", "kubernetes", RESTART);
    Files.writeString(dir.resolve("SKILL.md"), "---\nname: skills\ndescription: dropped at the root\n---\n");

    assertThat(store.list()).extracting(Skill::name).containsExactly("restart-crashloop");
    assertThatThrownBy(() -> store.delete("skills")).hasMessageContaining("no skill named 'skills'");
    assertThatThrownBy(() -> store.writeFile("restart-crashloop", "references/SKILL.md", RESTART))
        .hasMessageContaining("cannot be a SKILL.md");
    assertThat(Files.exists(dir.resolve("kubernetes/restart-crashloop/SKILL.md"))).isTrue();
  }

  @Property(tries = 200)
  void anyNameAndPathIsRefusedOrStaysInsideTheSkillsDirectory(@ForAll String name, @ForAll String file)
      throws Exception {
    Path root = Files.createTempDirectory("skills");
    SkillStore store = new SkillStore(root);
    store.create("base", null, "---\nname: base\ndescription: d\n---\n");
    try {
      store.create(name, null, "---\nname: " + name + "\ndescription: d\n---\n");
    } catch (SkillException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
    try {
      store.writeFile("base", file, "content");
    } catch (SkillException refused) {
      // refused is fine
    }
    try (var paths = Files.walk(root.getParent(), 1)) {
      assertThat(paths.filter(p -> !p.startsWith(root) && p.getFileName().toString().equals("content"))).isEmpty();
    }
    try (var paths = Files.walk(root)) {
      assertThat(paths.allMatch(p -> p.normalize().startsWith(root))).isTrue();
    }
  }
}
