package io.j8s.store;

import static io.j8s.store.Fixtures.all;
import static io.j8s.store.Fixtures.put;
import static io.j8s.store.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input is refused with an InvalidRequestException and changes nothing. */
class BadInputContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    record Case(String name, Class<? extends InvalidRequestException> refusal, Consumer<Store> request) {}

    private static final int MAX = Requests.MAX_REQUEST_BYTES;

    static final List<Case> CASES = List.of(
            refused("put with an empty key", s -> s.put("", new byte[1])),
            refused("put with a null key", s -> s.txn(txn(new Op.Put(null, new byte[1], 0, false)))),
            refused("put with a lone high surrogate in the key", s -> s.put("a\uD800", new byte[1])),
            refused("put with a lone low surrogate in the key", s -> s.put("\uDC00a", new byte[1])),
            refused("put with a negative lease", s -> s.txn(txn(new Op.Put("a", new byte[1], -1, false)))),
            refused("range with an empty key", s -> s.range(RangeRequest.key(""))),
            refused("range with a null key", s -> s.range(RangeRequest.key(null))),
            refused("range whose end sorts before its key", s -> s.range(RangeRequest.range("b", "a"))),
            refused("range with a negative revision", s -> s.range(RangeRequest.key("a").atRevision(-1))),
            refused("range with a negative limit", s -> s.range(RangeRequest.key("a").withLimit(-1))),
            new Case("range at a future revision", FutureRevisionException.class,
                    s -> s.range(RangeRequest.key("a").atRevision(s.currentRevision() + 1))),
            refused("delete whose range end sorts before its key", s -> s.txn(txn(new Op.Delete("b", "a", false)))),
            refused("compare on an empty key", s -> s.txn(Txn.of(List.of(Compare.absent("")), List.of(Op.put("c", "1")), List.of()))),
            refused("get inside a txn at another revision",
                    s -> s.txn(txn(new Op.Get(RangeRequest.key("a").atRevision(2))))),
            new Case("value over the request limit", RequestTooLargeException.class, s -> s.put("big", new byte[MAX + 1])),
            new Case("txn whose puts together cross the request limit", RequestTooLargeException.class,
                    s -> s.txn(txn(Op.put("big1", new byte[MAX / 2]), Op.put("big2", new byte[MAX / 2])))),
            refused("the same key put twice in one branch", s -> s.txn(txn(Op.put("c", "1"), Op.put("c", "2")))),
            refused("the same key put and deleted in one branch", s -> s.txn(txn(Op.put("a", "2"), Op.delete("a")))),
            refused("a put inside a range the same branch deletes",
                    s -> s.txn(txn(Op.deletePrefix("p/"), Op.put("p/x", "1")))),
            refused("the same key put twice in the branch that would not run",
                    s -> s.txn(Txn.of(List.of(), List.of(Op.put("c", "1")), List.of(Op.put("d", "1"), Op.put("d", "2"))))),
            refused("more ops in a branch than the limit", s -> s.txn(Txn.of(List.of(), puts(Requests.MAX_TXN_OPS + 1), List.of()))),
            refused("more compares than the limit", s -> s.txn(Txn.of(compares(Requests.MAX_TXN_OPS + 1), List.of(Op.put("c", "1")), List.of()))));

    private static Case refused(String name, Consumer<Store> request) {
        return new Case(name, InvalidRequestException.class, request);
    }

    private static List<Op> puts(int n) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(Op.put("many/" + i, "v"));
        }
        return ops;
    }

    private static List<Compare> compares(int n) {
        List<Compare> compares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            compares.add(Compare.absent("many/" + i));
        }
        return compares;
    }

    static Stream<Arguments> backendsAndCases() {
        return Backends.available().flatMap(b -> CASES.stream().map(c -> Arguments.of(b, Named.of(c.name(), c))));
    }

    @ParameterizedTest(name = "[{0}] refuses {1}")
    @MethodSource("backendsAndCases")
    void badRequestIsRefusedAndChangesNothing(Backends.Id backend, Case c) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");
        put(store, "b", "1");
        List<KeyValue> before = all(store);

        assertThatThrownBy(() -> c.request().accept(store)).isInstanceOf(c.refusal());

        assertThat(store.currentRevision()).isEqualTo(3);
        assertThat(all(store)).isEqualTo(before);
    }

    @EachBackend
    void badWatchRequestIsRefused(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        for (WatchRequest bad : List.of(WatchRequest.key("", 0), new WatchRequest("b", "a", 0, false),
                WatchRequest.key("a", -1), WatchRequest.key("a\uDBFF", 0))) {
            RecordingListener l = new RecordingListener();
            // Refused either at once or as the watch's one error: the contract allows both.
            try {
                store.watch(bad, l).close();
                assertThat(l.awaitError()).as(bad.toString()).isInstanceOf(InvalidRequestException.class);
            } catch (InvalidRequestException expected) {
                assertThat(l.events()).isEmpty();
            }
        }
    }
}
