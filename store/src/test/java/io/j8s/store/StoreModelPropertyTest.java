package io.j8s.store;

import static io.j8s.store.Fixtures.allAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Random sequences of transactions, reads, deletes and compactions give the same answers (or the
 * same refusals) on a backend as on the {@link ModelStore}, after every step; at the end every
 * readable revision holds the same keys, and a watch replays the same events.
 *
 * <p>One group per backend, found by class name as in the contract suite ({@link Backends}); a
 * backend missing from the classpath is skipped. etcd is too slow for hundreds of tries, so it
 * runs only with {@code -Dj8s.store.props.etcd=true}.
 */
@AddLifecycleHook(StoreModelPropertyTest.SkipUnavailableBackend.class)
class StoreModelPropertyTest {

    @Group
    @Label("model")
    @AgainstBackend(Backends.MODEL)
    class Model extends AgreesWithModel {}

    @Group
    @Label("embedded")
    @AgainstBackend(Backends.EMBEDDED)
    class Embedded extends AgreesWithModel {}

    @Group
    @Label("etcd")
    @AgainstBackend(value = Backends.ETCD, enabledBy = "j8s.store.props.etcd")
    class Etcd extends AgreesWithModel {}

    /** The backend class a group runs against, and the system property that must enable it, if any. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface AgainstBackend {
        String value();

        String enabledBy() default "";
    }

    static final class SkipUnavailableBackend implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            Optional<AgainstBackend> against = context.findAnnotation(AgainstBackend.class);
            if (against.isEmpty()) {
                return SkipResult.doNotSkip();
            }
            if (!Backends.isAvailable(against.get().value())) {
                return SkipResult.skip(against.get().value() + " is not on the classpath");
            }
            String enabledBy = against.get().enabledBy();
            if (!enabledBy.isEmpty() && !Boolean.getBoolean(enabledBy)) {
                return SkipResult.skip("enable with -D" + enabledBy + "=true");
            }
            return SkipResult.doNotSkip();
        }

        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }
    }

    abstract static class AgreesWithModel {
        private StoreBackend backend;
        private Store store;

        @BeforeProperty
        void loadBackend() throws Exception {
            backend = Backends.load(getClass().getAnnotation(AgainstBackend.class).value());
        }

        @BeforeTry
        void openStore() throws Exception {
            store = backend.open();
        }

        @AfterTry
        void closeStore() {
            store.close();
        }

        @AfterProperty
        void closeBackend() throws Exception {
            backend.close();
        }

        @Provide
        Arbitrary<List<StoreSteps.Step>> steps() {
            return StoreSteps.steps();
        }

        @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
        void answersAsTheModelDoes(@ForAll("steps") List<StoreSteps.Step> steps) {
            try (ModelStore model = new ModelStore()) {
                for (StoreSteps.Step step : steps) {
                    Object want = step.run(model);
                    assertThat(step.run(store)).as("%s", step).isEqualTo(want);
                    assertThat(store.currentRevision()).as("revision after %s", step).isEqualTo(model.currentRevision());
                    assertThat(store.compactRevision()).as("compact revision after %s", step).isEqualTo(model.compactRevision());
                }
                for (long rev = Math.max(1, model.compactRevision()); rev <= model.currentRevision(); rev++) {
                    assertThat(allAt(store, rev)).as("every key at revision %d", rev).isEqualTo(allAt(model, rev));
                }
                assertSameHistory(model);
            }
        }

        /**
         * A watch of every key replays the same events on both. It starts after the compact
         * revision: etcd drops a delete at exactly that revision, and the previous values it needs.
         */
        private void assertSameHistory(ModelStore model) {
            long from = Math.max(2, model.compactRevision() + 1);
            long last = model.currentRevision();
            if (from > last) {
                return;
            }
            WatchRequest all = new WatchRequest("\0", Keys.ALL_AFTER, from, true);
            RecordingListener want = new RecordingListener();
            RecordingListener got = new RecordingListener();
            try (Watch w1 = model.watch(all, want); Watch w2 = store.watch(all, got)) {
                assertThat(got.awaitRevision(last)).as("events from revision %d", from).isEqualTo(want.awaitRevision(last));
            }
        }
    }
}
