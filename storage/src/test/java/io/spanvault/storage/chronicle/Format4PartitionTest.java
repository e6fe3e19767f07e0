package io.spanvault.storage.chronicle;

/**
 * A data directory written by the format 4 store (term heads in {@code terms.cm}, postings entries without
 * terms or frames) is read by this build, and its hour goes on in a new generation of the current format: the
 * tests of {@link Format3PartitionTest}, on the fixture in {@code chronicle-format4/}, written by
 * {@code MakeV4.java.txt} (the same traces as format 3's) with the store at commit 6d71c78.
 */
class Format4PartitionTest extends Format3PartitionTest {
    @Override
    String fixture() {
        return "chronicle-format4";
    }

    @Override
    int version() {
        return 4;
    }
}
