package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.List;

/**
 * client-go's listers: reads of an informer's cache by namespace and name. Objects read here
 * belong to the cache: copy before changing ({@link Copies#deepCopy}). Tests fill a
 * {@code StaticLister} (test sources) instead.
 */
public interface Lister<T extends HasMetadata> {

    /** The object, or null; {@code namespace} is empty for cluster-scoped kinds. */
    T get(String namespace, String name);

    /** Every object of a namespace. */
    List<T> list(String namespace);

    /** Every object. */
    List<T> list();

    static <T extends HasMetadata> Lister<T> of(SharedIndexInformer<T> informer) {
        Indexer<T> indexer = informer.getIndexer();
        return new Lister<>() {
            @Override
            public T get(String namespace, String name) {
                return indexer.getByKey(namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
            }

            @Override
            public List<T> list(String namespace) {
                return indexer.byIndex(Cache.NAMESPACE_INDEX, namespace);
            }

            @Override
            public List<T> list() {
                return indexer.list();
            }
        };
    }
}
