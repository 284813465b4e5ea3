package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** --include/--exclude patterns: db.collection or bare collection names, * wildcards, dots in names. */
class NamespaceFilterTest {
    @Test
    void patternsMatchQualifiedAndBareNames() {
        NamespaceFilter f = new NamespaceFilter(List.of("shop.wall*", "a.b.c"), List.of("*.wallets_old"));
        assertThat(f.accepts("shop", "wallets")).isTrue();
        assertThat(f.accepts("shop", "wallets_old")).isFalse();
        assertThat(f.accepts("shop", "a.b.c")).isTrue();
        assertThat(f.accepts("shop", "ledger")).isFalse();
        NamespaceFilter all = new NamespaceFilter(List.of(), List.of("ledger"));
        assertThat(all.accepts("shop", "ledger")).isFalse();
        assertThat(all.accepts("shop", "x (1)")).isTrue();
        assertThat(new NamespaceFilter(List.of("sh?p.*"), List.of()).accepts("shop", "x")).isFalse(); // ? is literal
    }
}
