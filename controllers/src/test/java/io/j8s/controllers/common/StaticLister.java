package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link Lister} over objects put by hand: the informer contents of a unit test's fixture. */
public final class StaticLister<T extends HasMetadata> implements Lister<T> {

    private final Map<String, T> objects = new ConcurrentSkipListMap<>();

    @SafeVarargs
    public static <T extends HasMetadata> StaticLister<T> of(T... objects) {
        StaticLister<T> l = new StaticLister<>();
        for (T o : objects) l.put(o);
        return l;
    }

    private static String key(String namespace, String name) {
        return Objects.requireNonNullElse(namespace, "") + "/" + name;
    }

    public StaticLister<T> put(T object) {
        objects.put(key(object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
        return this;
    }

    public StaticLister<T> putAll(Collection<? extends T> all) {
        all.forEach(this::put);
        return this;
    }

    public void remove(String namespace, String name) {
        objects.remove(key(namespace, name));
    }

    @Override
    public T get(String namespace, String name) {
        return objects.get(key(namespace, name));
    }

    @Override
    public List<T> list(String namespace) {
        List<T> out = new ArrayList<>();
        for (T o : objects.values()) {
            if (Objects.requireNonNullElse(o.getMetadata().getNamespace(), "").equals(Objects.requireNonNullElse(namespace, ""))) out.add(o);
        }
        return out;
    }

    @Override
    public List<T> list() {
        return List.copyOf(objects.values());
    }
}
