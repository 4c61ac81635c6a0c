package io.j8s.store;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The backends the contract suite runs against, found by class name so that a backend living on
 * another branch plugs in without an edit here: a class missing from the classpath is not
 * listed. {@code -Dj8s.store.backends=model,etcd} narrows the run to some of them.
 *
 * <p>As a JUnit extension (registered static, once per test class) it creates each backend
 * object once per class, closes every store a test opened after that test, and closes the
 * backends after the class.
 */
public final class Backends implements AfterEachCallback, AfterAllCallback {

    public static final String MODEL = "io.j8s.store.ModelBackend";
    public static final String EMBEDDED = "io.j8s.store.embedded.EmbeddedBackend";
    public static final String ETCD = "io.j8s.store.etcd.EtcdBackend";

    /** Every backend the suite knows, in the order it runs them. */
    public static final List<String> CLASS_NAMES = List.of(MODEL, EMBEDDED, ETCD);

    /** A backend as a test argument: shown by its short name, e.g. "embedded". */
    public record Id(String name, String className) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final Map<String, StoreBackend> backends = new LinkedHashMap<>();
    private final Set<Store> stores = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The backends on the classpath, as arguments for {@link EachBackend} tests. */
    public static Stream<Named<Id>> available() {
        return CLASS_NAMES.stream().filter(Backends::isAvailable).filter(Backends::isSelected)
                .map(cn -> Named.of(shortName(cn), new Id(shortName(cn), cn)));
    }

    public static boolean isAvailable(String className) {
        try {
            Class.forName(className, false, Backends.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isSelected(String className) {
        String only = System.getProperty("j8s.store.backends", "");
        return only.isBlank() || Arrays.stream(only.split(",")).map(String::trim).anyMatch(shortName(className)::equals);
    }

    /** "io.j8s.store.embedded.EmbeddedBackend" is "embedded". */
    public static String shortName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.replaceFirst("Backend$", "").toLowerCase(Locale.ROOT);
    }

    /**
     * A new instance of the backend class. A backend that cannot run here (etcd not installed)
     * throws {@link org.opentest4j.TestAbortedException}, which reports the test as skipped.
     */
    public static StoreBackend load(String className) throws Exception {
        try {
            return (StoreBackend) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    public synchronized StoreBackend backend(Id id) throws Exception {
        StoreBackend b = backends.get(id.className());
        if (b == null) {
            b = load(id.className());
            backends.put(id.className(), b);
        }
        return b;
    }

    /** A new, empty store, closed after the test. */
    public Store open(Id id) throws Exception {
        return track(backend(id).open());
    }

    /** A new, empty store whose watchers may fall at most {@code watchBacklog} events behind. */
    public Store open(Id id, int watchBacklog) throws Exception {
        return track(backend(id).open(watchBacklog));
    }

    /** The same data after a restart; {@code store} is closed by the backend. */
    public Store reopen(Id id, Store store) throws Exception {
        untrack(store);
        return track(backend(id).reopen(store));
    }

    public Store restore(Id id, Path snapshotFile) throws Exception {
        return track(backend(id).restore(snapshotFile));
    }

    public boolean durable(Id id) throws Exception {
        return backend(id).durable();
    }

    private synchronized Store track(Store store) {
        stores.add(store);
        return store;
    }

    private synchronized void untrack(Store store) {
        stores.remove(store);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<Store> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(stores);
            stores.clear();
        }
        closeAll(toClose);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<StoreBackend> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(backends.values());
            backends.clear();
        }
        closeAll(toClose);
    }

    private static void closeAll(List<? extends AutoCloseable> closeables) throws Exception {
        Exception failure = null;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
