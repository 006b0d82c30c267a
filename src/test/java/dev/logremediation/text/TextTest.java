package dev.logremediation.text;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void oneLineDropsControlAndInvisibleCharactersAndCutsWithoutSplittingACharacter() {
        assertThat(Text.clean("a\r\n\tb\u202Ec\u200Bd\u0000e\u2028f")).isEqualTo("a bcd e f");
        assertThat(Text.clean(null)).isEmpty();
        assertThat(Text.oneLine("y".repeat(600), 500)).hasSize(500).endsWith("…");
        // a pizza emoji is two chars: never cut in half
        assertThat(Text.oneLine("x".repeat(8) + "\uD83C\uDF55" + "z".repeat(10), 10)).isEqualTo("x".repeat(8) + "…");
    }

    @Test
    void aSubjectIsOneShortLineWithoutAnEncodedWord() {
        String subject = Text.subjectLine("[FIRING] x =?us-ascii?Q?=0D=0ABcc:evil?=\r\nBcc: a@b " + "z".repeat(300));
        assertThat(subject).hasSize(Text.MAX_SUBJECT).doesNotContain("=?").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void durationsReadLikePeopleWriteThem() {
        assertThat(Text.duration(850_000_000L)).isEqualTo("850ms");
        assertThat(Text.duration(107_000_000_000L)).isEqualTo("1m47s");
        assertThat(Text.duration(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(Text.duration(3_600_000_000_000L + 300_000_000_000L)).isEqualTo("1h5m");
        assertThat(Text.duration(2 * 86_400_000_000_000L)).isEqualTo("2d");
        assertThat(Text.latency(Duration.ofMillis(350))).isEqualTo("350 ms");
        assertThat(Text.latency(Duration.ofMillis(32_140))).isEqualTo("32.1 s");
        assertThat(Text.utc(1_700_000_000_123_000_000L)).isEqualTo("2023-11-14 22:13:20.123 UTC");
    }
}
